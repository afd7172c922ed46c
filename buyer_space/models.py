import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from espace_site.files import private_storage

from .choices import (
    AffiliationStatus,
    AuditAction,
    Civility,
    DataFileKind,
    ExchangeKind,
    ExchangeStatus,
    Function,
    NotificationKind,
    OtherDocumentCategory,
    Role,
)


class Profile(models.Model):
    """What the portal knows of a buyer beyond his login (the e-mail address)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buyer_profile"
    )
    civility = models.CharField(_("civilité"), max_length=3, choices=Civility.choices)
    phone = models.CharField(_("téléphone"), max_length=20)
    service = models.CharField(_("service"), max_length=120)
    job_title = models.CharField(_("intitulé exact du poste"), max_length=150)
    function = models.CharField(_("fonction"), max_length=30, choices=Function.choices)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmé le"), null=True, blank=True)
    privacy_accepted_at = models.DateTimeField(_("politique de confidentialité acceptée le"))

    class Meta:
        verbose_name = _("profil d'acheteur")
        verbose_name_plural = _("profils d'acheteurs")

    def __str__(self):
        return self.user.get_full_name() or self.user.email


def new_nonce():
    return secrets.token_urlsafe(16)


class Affiliation(models.Model):
    """A *rattachement*: an account's role in one establishment, pending until validated."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations"
    )
    establishment = models.ForeignKey(
        "membership.Establishment",
        verbose_name=_("établissement"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.USER)
    requested_role = models.CharField(
        _("rôle demandé"), max_length=20, choices=Role.choices, default=Role.USER
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=AffiliationStatus.choices,
        default=AffiliationStatus.PENDING,
        db_index=True,
    )
    # Rotated each time the request is decided, so that an e-mailed link works once.
    token_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traité par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["establishment__name", "user__last_name"]
        verbose_name = _("rattachement")
        verbose_name_plural = _("rattachements")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "establishment"], name="one_affiliation_per_establishment"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.establishment} ({self.get_role_display()})"

    @property
    def is_active(self):
        return self.status == AffiliationStatus.ACTIVE

    @property
    def is_admin(self):
        return self.is_active and self.role == Role.ADMIN


class FamilyRight(models.Model):
    """The *droits par familles d'achat* of one affiliation, for one purchase family."""

    affiliation = models.ForeignKey(
        Affiliation, on_delete=models.CASCADE, related_name="family_rights"
    )
    family = models.ForeignKey(
        "catalogue.PurchaseFamily",
        verbose_name=_("famille d'achat"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    can_view_market_documents = models.BooleanField(
        _("consulter les documents de marché"), default=False
    )
    has_admin_membership_rights = models.BooleanField(
        _("droits d'adhésion identiques aux administrateurs"), default=False
    )

    class Meta:
        verbose_name = _("droit par famille d'achat")
        verbose_name_plural = _("droits par familles d'achat")
        constraints = [
            models.UniqueConstraint(
                fields=["affiliation", "family"], name="one_right_per_family_and_affiliation"
            )
        ]

    def __str__(self):
        return f"{self.affiliation} – {self.family}"


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
        "membership.Establishment",
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


class Newsletter(models.Model):
    """A newsletter of the centre buyers can subscribe to from their personal information."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    subscribers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abonnés"),
        blank=True,
        related_name="newsletters",
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("lettre d'information")
        verbose_name_plural = _("lettres d'information")

    def __str__(self):
        return self.name


class Exchange(models.Model):
    """An *échange*: a thread between a buyer's establishment and the centre's staff."""

    kind = models.CharField(_("type"), max_length=20, choices=ExchangeKind.choices)
    subject = models.CharField(_("objet"), max_length=200)
    establishment = models.ForeignKey(
        "membership.Establishment",
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
        "membership.Contract",
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
    file = models.FileField(_("fichier"), storage=private_storage, upload_to="exchanges/%Y/%m")
    name = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille"))

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self):
        return self.name


class OtherDocument(models.Model):
    """*Autres documents*: administrative documents and GEB files, for one establishment or all."""

    title = models.CharField(_("titre"), max_length=255)
    category = models.CharField(
        _("catégorie"), max_length=20, choices=OtherDocumentCategory.choices, db_index=True
    )
    establishment = models.ForeignKey(
        "membership.Establishment",
        verbose_name=_("établissement"),
        help_text=_("Laissez vide pour le rendre disponible à tous les établissements adhérents."),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="other_documents",
    )
    file = models.FileField(_("fichier"), storage=private_storage, upload_to="other/%Y/%m")
    published_on = models.DateField(_("publié le"), default=timezone.localdate)

    class Meta:
        ordering = ["category", "-published_on", "title"]
        verbose_name = _("autre document")
        verbose_name_plural = _("autres documents")

    def __str__(self):
        return self.title


class DataFile(models.Model):
    """A *fichier de données*: an Excel report of one establishment for one period."""

    establishment = models.ForeignKey(
        "membership.Establishment",
        verbose_name=_("établissement"),
        on_delete=models.CASCADE,
        related_name="data_files",
    )
    kind = models.CharField(_("type de rapport"), max_length=30, choices=DataFileKind.choices)
    period_start = models.DateField(_("début de période"))
    period_end = models.DateField(_("fin de période"))
    file = models.FileField(_("fichier"), storage=private_storage, upload_to="reports/%Y/%m")
    created_at = models.DateTimeField(_("mis à disposition le"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-period_start"]
        verbose_name = _("fichier de données")
        verbose_name_plural = _("fichiers de données")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "kind", "period_start"],
                name="one_data_file_per_establishment_kind_and_period",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.period_start:%d/%m/%Y}"


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
    title = models.CharField(_("titre"), max_length=255)
    message = models.TextField(_("message"))
    change_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)

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


class OutboxEmail(models.Model):
    """An e-mail to send, saved with the data that caused it: nothing is lost if the broker is
    down; a periodic task drains what the workers have not sent."""

    key = models.CharField(max_length=150, unique=True)
    recipients = models.JSONField()
    # {address: account id} for the recipients that were accounts when the e-mail was queued: an
    # account deleted in the meantime gets nothing.
    recipient_accounts = models.JSONField(default=dict, blank=True)
    template_prefix = models.CharField(max_length=150)
    context = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the worker that is sending it (a lease): a second worker leaves the row alone.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    failed = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("e-mail en file d'attente")
        verbose_name_plural = _("e-mails en file d'attente")

    def __str__(self):
        return f"{self.template_prefix} → {', '.join(self.recipients)}"
