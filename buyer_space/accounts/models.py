import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buyer_space.accounts.choices import AffiliationStatus, Civility, Function, Role
from espace_site.reviews import ReviewedRecord


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


class Affiliation(ReviewedRecord):
    """A *rattachement*: an account's role in one establishment, pending until validated."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations"
    )
    establishment = models.ForeignKey(
        "establishments.Establishment",
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
