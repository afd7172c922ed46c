from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buyer_space.notifications.choices import EmailFrequency, NotificationKind


class Subscription(models.Model):
    """The bell on an offer: the account hears of changes of its dates and market documents."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offer_subscriptions"
    )
    offer = models.ForeignKey(
        "catalogue.OfferPage",
        verbose_name=_("offre"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    email_enabled = models.BooleanField(_("recevoir un e-mail"), default=True)
    # Empty: the account's general choice (NotificationPreference).
    email_frequency = models.CharField(
        _("fréquence des e-mails"),
        max_length=20,
        choices=EmailFrequency.choices,
        blank=True,
        default="",
    )
    created_at = models.DateTimeField(_("abonné le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonnement à une offre")
        verbose_name_plural = _("abonnements aux offres")
        constraints = [
            models.UniqueConstraint(fields=["user", "offer"], name="one_subscription_per_offer")
        ]

    def __str__(self):
        return f"{self.user} – {self.offer_id}"


class NotificationPreference(models.Model):
    """The account's general choice of e-mail frequency, for the offers that have none of their
    own (no row: an e-mail at each update)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    email_frequency = models.CharField(
        _("fréquence des e-mails"),
        max_length=20,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self):
        return f"{self.user} – {self.get_email_frequency_display()}"


class OfferSnapshot(models.Model):
    """What subscribers last heard of an offer: compared with each publication to find changes."""

    offer = models.OneToOneField(
        "catalogue.OfferPage", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    start_date = models.DateField()
    end_date = models.DateField()
    documents = models.JSONField(default=dict)
    revision_id = models.PositiveBigIntegerField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Offre {self.offer_id} au {self.updated_at:%d/%m/%Y %H:%M}"


class Notification(models.Model):
    """A dashboard notification; ``change_key`` makes each change reach each account once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    offer = models.ForeignKey(
        "catalogue.OfferPage",
        verbose_name=_("offre"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("type"), max_length=20, choices=NotificationKind.choices)
    # Where the notification leads when it is about no offer (a new data file…).
    link = models.CharField(_("lien"), max_length=300, blank=True)
    title = models.CharField(_("titre"), max_length=255)
    message = models.TextField(_("message"))
    change_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    # When the change went out by e-mail, alone or in a digest (each change is e-mailed once).
    emailed_at = models.DateTimeField(_("envoyée par e-mail le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "change_key"], name="one_notification_per_change"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title
