from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from espace_site.files import GeneratedName, private_storage
from espace_site.reviews import ReviewedRecord
from membership.contracts.models import Contract
from membership.deposits.choices import DepositStatus
from membership.establishments.models import Establishment


class ConventionDeposit(ReviewedRecord):
    """A *dépôt de convention* for an intermédiaire offer; validated, it creates the contract."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("établissement"),
        on_delete=models.CASCADE,
        related_name="convention_deposits",
    )
    offer = models.ForeignKey(
        "catalogue.OfferPage",
        verbose_name=_("offre"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    depositor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="convention_deposits",
    )
    company_name = models.CharField(_("raison sociale de votre établissement"), max_length=200)
    contract_number = models.CharField(_("numéro de marché"), max_length=60)
    archive = models.FileField(
        _("convention signée"), storage=private_storage, upload_to=GeneratedName("conventions")
    )
    archive_name = models.CharField(_("nom du fichier déposé"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("numéro de téléphone"), max_length=20)
    order_reference = models.CharField(_("votre référence de commande"), max_length=60)
    chorus_service_code = models.CharField(_("code service Chorus"), max_length=254)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=DepositStatus.choices,
        default=DepositStatus.RECEIVED,
        db_index=True,
    )
    contract = models.OneToOneField(
        Contract,
        verbose_name=_("marché créé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deposit",
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dépôt de convention")
        verbose_name_plural = _("dépôts de conventions")

    def __str__(self):
        return f"{self.company_name} – {self.contract_number}"
