from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from espace_site.reviews import ReviewedRecord
from membership.establishments.choices import (
    ActivityDomain,
    EntityRequestStatus,
    GroupRole,
    LegalStatus,
    RevenueTitleMethod,
)
from membership.establishments.validators import validate_postcode, validate_siret


class EstablishmentFields(models.Model):
    """The fields of the guide's *Entité de rattachement* form, shared by the establishment and the
    request made when a buyer cannot find his."""

    name = models.CharField(_("nom de l'entité juridique"), max_length=200)
    siret = models.CharField(_("N° SIRET"), max_length=14, validators=[validate_siret])
    acronym = models.CharField(_("sigle"), max_length=50, blank=True)
    address = models.CharField(_("adresse"), max_length=255)
    city = models.CharField(_("ville"), max_length=120)
    postcode = models.CharField(_("code postal"), max_length=5, validators=[validate_postcode])
    activity_domain = models.CharField(
        _("domaine d'activité"), max_length=20, choices=ActivityDomain.choices
    )
    legal_status = models.CharField(
        _("statut de l'entité"), max_length=20, choices=LegalStatus.choices
    )
    revenue_title_method = models.CharField(
        _("méthode d'envoi des titres de recette"),
        max_length=20,
        choices=RevenueTitleMethod.choices,
    )
    annual_purchase_amount = models.DecimalField(
        _("montant des dépenses achats (€ TTC annuel)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        abstract = True


class EstablishmentGroup(models.Model):
    """A GHT (*groupement hospitalier de territoire*), led by its support establishment."""

    name = models.CharField(_("nom du GHT"), max_length=200, unique=True)
    support = models.OneToOneField(
        "establishments.Establishment",
        verbose_name=_("établissement support"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supported_group",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("GHT")
        verbose_name_plural = _("GHT")

    def __str__(self):
        return self.name

    def clean(self):
        """The support establishment must belong to this GHT with the role *support*."""
        super().clean()
        support = self.support
        if support is None:
            return
        if self.pk is None or support.group_id != self.pk:
            raise ValidationError(
                {
                    "support": _(
                        "L'établissement support doit faire partie de ce GHT : rattachez-le "
                        "d'abord au GHT depuis sa fiche."
                    )
                }
            )
        if support.group_role != GroupRole.SUPPORT:
            raise ValidationError(
                {
                    "support": _(
                        "L'établissement support doit avoir le rôle « Établissement support » "
                        "au sein du GHT : modifiez d'abord son rôle depuis sa fiche."
                    )
                }
            )


class Establishment(EstablishmentFields):
    """An *établissement* (legal entity) whose buyers use the portal."""

    siret = models.CharField(_("N° SIRET"), max_length=14, unique=True, validators=[validate_siret])
    is_member = models.BooleanField(_("adhérent de la centrale"), default=False, db_index=True)
    member_since = models.DateField(_("adhérent depuis le"), null=True, blank=True)
    group = models.ForeignKey(
        EstablishmentGroup,
        verbose_name=_("GHT"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="establishments",
    )
    group_role = models.CharField(
        _("rôle au sein du GHT"), max_length=20, choices=GroupRole.choices, blank=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("établissement")
        verbose_name_plural = _("établissements")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def clean(self):
        super().clean()
        if self.group_role and self.group_id is None:
            raise ValidationError(
                {"group_role": _("Un rôle au sein du GHT suppose de choisir le GHT.")}
            )
        if self.group_id is not None and not self.group_role:
            raise ValidationError(
                {"group_role": _("Indiquez le rôle de l'établissement au sein du GHT.")}
            )

    @property
    def is_group_support(self):
        return self.group_role == GroupRole.SUPPORT


class EntityRequest(ReviewedRecord, EstablishmentFields):
    """A buyer's request to attach to an entity that is not in the list yet.

    The centre checks eligibility: accepted, it becomes an :class:`Establishment` (and the
    ``entity_request_accepted`` signal lets the accounts plugin attach the requester); refused, the
    requester is told why.
    """

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandeur"),
        on_delete=models.CASCADE,
        related_name="entity_requests",
    )
    group_name = models.CharField(_("GHT"), max_length=200, blank=True)
    group_role_label = models.CharField(_("rôle au sein du GHT"), max_length=200, blank=True)
    wants_admin_role = models.BooleanField(_("demande le rôle d'administrateur"), default=False)
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=EntityRequestStatus.choices,
        default=EntityRequestStatus.PENDING,
        db_index=True,
    )
    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("établissement créé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One pending request per requester and SIRET: a second submission updates the first.
            models.UniqueConstraint(
                fields=["requester", "siret"],
                condition=models.Q(status=EntityRequestStatus.PENDING),
                name="establishments_one_pending_request_per_siret",
            )
        ]
        verbose_name = _("demande d'ajout d'entité")
        verbose_name_plural = _("demandes d'ajout d'entité")

    def __str__(self):
        return f"{self.name} – {self.siret}"

    @property
    def is_pending(self):
        return self.status == EntityRequestStatus.PENDING
