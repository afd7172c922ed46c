from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.search import index


class PurchaseFamily(index.Indexed, models.Model):
    """A *famille d'achat*: the unit of the buyers' rights, presented by one filière."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("famille d'achat")
        verbose_name_plural = _("familles d'achat")

    def __str__(self):
        return self.name


class Holder(index.Indexed, models.Model):
    """A *titulaire*: the supplier holding one or more lots of an offer."""

    name = models.CharField(_("raison sociale"), max_length=200, unique=True)
    contact_name = models.CharField(_("interlocuteur"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    website = models.URLField(_("site internet"), blank=True)
    address = models.TextField(_("adresse"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("titulaire")
        verbose_name_plural = _("titulaires")

    def __str__(self):
        return self.name


class Lot(index.Indexed, models.Model):
    """A lot of an offer, awarded to one holder."""

    # Part of the offer: edited inline on the offer page, saved with its revisions.
    offer = ParentalKey(
        "catalogue.OfferPage",
        verbose_name=_("offre"),
        on_delete=models.CASCADE,
        related_name="lots",
    )
    number = models.PositiveSmallIntegerField(_("numéro de lot"))
    title = models.CharField(_("intitulé"), max_length=255)
    holder = models.ForeignKey(
        Holder, verbose_name=_("titulaire"), on_delete=models.PROTECT, related_name="lots"
    )

    search_fields = [
        index.SearchField("title"),
        index.FilterField("offer"),
        index.RelatedFields("holder", [index.SearchField("name")]),
    ]

    class Meta:
        ordering = ["offer", "number"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(fields=["offer", "number"], name="unique_lot_number_per_offer")
        ]

    def __str__(self):
        return f"Lot {self.number} – {self.title}"
