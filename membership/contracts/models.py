from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from espace_site.files import GeneratedName, private_storage
from membership.contracts.choices import ContractOrigin, ContractStatus
from membership.establishments.models import Establishment


class Contract(models.Model):
    """A *marché en cours*: an establishment benefits from an offer of the catalogue."""

    establishment = models.ForeignKey(
        Establishment,
        verbose_name=_("établissement"),
        on_delete=models.CASCADE,
        related_name="contracts",
    )
    offer = models.ForeignKey(
        "catalogue.OfferPage",
        verbose_name=_("offre"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    family = models.ForeignKey(
        "catalogue.PurchaseFamily",
        verbose_name=_("famille d'achat"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    number = models.CharField(_("numéro de marché"), max_length=60)
    title = models.CharField(_("intitulé"), max_length=255)
    origin = models.CharField(
        _("origine"),
        max_length=20,
        choices=ContractOrigin.choices,
        default=ContractOrigin.CONVENTION,
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("marché en cours")
        verbose_name_plural = _("marchés en cours")
        indexes = [models.Index(fields=["establishment", "end_date"])]

    def __str__(self):
        return f"{self.number} – {self.title}"

    def save(self, *args, **kwargs):
        if self.family_id is None and self.offer_id is not None:
            self.family_id = self.offer.family_id
        super().save(*args, **kwargs)

    def get_status(self, today=None):
        today = today or timezone.localdate()
        if today < self.start_date:
            return ContractStatus.UPCOMING
        if today > self.end_date:
            return ContractStatus.ENDED
        return ContractStatus.ONGOING


class SubsequentContract(models.Model):
    """A *marché subséquent* notified by the centre under a contract."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="subsequent_contracts"
    )
    reference = models.CharField(_("référence"), max_length=60)
    title = models.CharField(_("intitulé"), max_length=255)
    notified_on = models.DateField(_("notifié le"))

    class Meta:
        ordering = ["-notified_on", "reference"]
        verbose_name = _("marché subséquent")
        verbose_name_plural = _("marchés subséquents")

    def __str__(self):
        return f"{self.reference} – {self.title}"


class ContractDocument(models.Model):
    """A document of a contract, or of one of its subsequent contracts (private file)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="documents")
    subsequent_contract = models.ForeignKey(
        SubsequentContract,
        verbose_name=_("marché subséquent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("titre"), max_length=255)
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to=GeneratedName("contracts")
    )
    file_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("document de marché")
        verbose_name_plural = _("documents de marché")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.subsequent_contract_id and self.subsequent_contract.contract_id != self.contract_id:
            raise ValidationError(
                {"subsequent_contract": _("Ce marché subséquent relève d'un autre marché.")}
            )
