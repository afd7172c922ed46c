from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buyer_space.audit.choices import AuditAction


class AuditLogEntry(models.Model):
    """Who did what to whom, and when. Labels are kept as text so that a record survives, made
    anonymous, the deletion of the accounts it names."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("auteur"), max_length=255, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte concerné"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_label = models.CharField(_("compte concerné"), max_length=255, blank=True)
    establishment = models.ForeignKey(
        "establishments.Establishment",
        verbose_name=_("établissement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    details = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} – {self.get_action_display()}"
