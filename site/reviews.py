"""Records that someone accepts or refuses: entity requests and convention deposits (reviewed
by the centre), affiliations (by an establishment's administrator or the centre)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewedRecord(models.Model):
    """Who decided on the record, when, and why when it was refused; the ``status`` and its
    choices are the subclass's own."""

    reviewed_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traité par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("motif du refus"), blank=True)

    #: The fields :meth:`mark_reviewed` sets, for ``save(update_fields=…)``.
    REVIEW_FIELDS = ("status", "reviewed_at", "reviewed_by", "reason")

    class Meta:
        abstract = True

    def mark_reviewed(self, status, *, by, reason=""):
        """Record the decision (``by`` an anonymous user, e.g. through an e-mailed link, is
        kept as nobody); the caller saves with :attr:`REVIEW_FIELDS`."""
        self.status = status
        self.reviewed_at = timezone.now()
        self.reviewed_by = by if by is not None and by.is_authenticated else None
        self.reason = reason
