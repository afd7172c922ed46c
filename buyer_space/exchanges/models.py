from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buyer_space.exchanges.choices import ExchangeKind, ExchangeStatus
from espace_site.files import GeneratedName, private_storage


class Exchange(models.Model):
    """An *échange*: a thread between a buyer's establishment and the centre's staff."""

    kind = models.CharField(_("type"), max_length=20, choices=ExchangeKind.choices)
    subject = models.CharField(_("objet"), max_length=200)
    establishment = models.ForeignKey(
        "establishments.Establishment",
        verbose_name=_("établissement"),
        on_delete=models.CASCADE,
        related_name="exchanges",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandeur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchanges",
    )
    offer = models.ForeignKey(
        "catalogue.OfferPage",
        verbose_name=_("offre"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("marché"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchanges",
    )
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=ExchangeStatus.choices,
        default=ExchangeStatus.OPEN,
        db_index=True,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suivi par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ouvert le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("dernière activité"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("échange")
        verbose_name_plural = _("échanges")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.subject}"


class ExchangeMessage(models.Model):
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_staff = models.BooleanField(_("réponse de la centrale"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.exchange} – {self.created_at:%d/%m/%Y %H:%M}"


class ExchangeReadMark(models.Model):
    """When an account last read a thread: a later message is shown as new to it."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_read_marks"
    )
    read_at = models.DateTimeField(_("lu le"))

    class Meta:
        verbose_name = _("lecture d'un échange")
        verbose_name_plural = _("lectures des échanges")
        constraints = [
            models.UniqueConstraint(fields=["exchange", "user"], name="one_read_mark_per_exchange")
        ]

    def __str__(self):
        return f"{self.user_id} – {self.exchange_id}"


class ExchangeAttachment(models.Model):
    message = models.ForeignKey(
        ExchangeMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to=GeneratedName("exchanges")
    )
    name = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille"))

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self):
        return self.name
