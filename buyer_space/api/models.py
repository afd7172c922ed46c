import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buyer_space.api.choices import OfferChangeKind, TokenScope


class ApiToken(models.Model):
    """A personal token of the buyer API: ``ea_<id>_<secret>``, shown once.

    Only a keyed hash of the secret is kept (``salted_hmac`` with ``API_TOKEN_KEY``): a copy of
    the database gives no usable token.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buyer_api_tokens"
    )
    name = models.CharField(_("nom"), max_length=100)
    secret_hash = models.CharField(max_length=128, editable=False)
    scope = models.CharField(
        _("portée"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ
    )
    establishment = models.ForeignKey(
        "establishments.Establishment",
        verbose_name=_("limité à l'établissement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self):
        # Also the throttling key (ninja's AuthRateThrottle hashes str(request.auth)).
        return f"api-token:{self.pk}"

    @property
    def can_write(self):
        return self.scope == TokenScope.WRITE

    def is_usable(self, now=None):
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now


class OfferChange(models.Model):
    """The offers' change log, append-only: the change feed's cursor is the last id read.

    Written from Wagtail's page signals in the transaction that changes the offer, so that a
    consumer who polls in id order never misses nor repeats a change. A deleted offer leaves
    its id and title (a tombstone): the row keeps no foreign key.
    """

    offer_id = models.BigIntegerField(_("offre"), db_index=True)
    kind = models.CharField(_("changement"), max_length=12, choices=OfferChangeKind.choices)
    title = models.CharField(_("titre"), max_length=255)
    reference = models.CharField(_("référence"), max_length=60, blank=True)
    url_path = models.CharField(max_length=255, blank=True)
    changed_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("changement d'offre")
        verbose_name_plural = _("changements d'offres")

    def __str__(self):
        return f"{self.offer_id} {self.kind}"


def new_calendar_key():
    return secrets.token_urlsafe(32)


class FollowedOffersCalendar(models.Model):
    """The secret address of a buyer's calendar of followed offers (for a calendar program,
    which cannot log in); renewing it makes the old address answer 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_calendar"
    )
    key = models.CharField(max_length=64, unique=True, default=new_calendar_key, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now=True)

    class Meta:
        verbose_name = _("calendrier des offres suivies")
        verbose_name_plural = _("calendriers des offres suivies")

    def __str__(self):
        return str(self.user)
