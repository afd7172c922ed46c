from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..api.serializers import (
    LabelledChoiceField,
    OfferDocumentsField,
    OfferHoldersField,
    PurchaseFamilyField,
)
from ..blocks import BODY_BLOCKS, RICH_TEXT_FEATURES, StepBlock
from ..choices import AccessMode, OfferStatus
from ..visibility import CachedViewRestrictionsMixin
from .mixins import CachedRouteMixin


def listing_paths(count, per_page, query=""):
    """The paths of every page of a listing of ``count`` items (``?page=1`` included: page 2
    links back to it), for ``get_cached_paths``."""
    prefix = f"?{query}&" if query else "?"
    pages = max(1, -(-count // per_page))
    return [f"{prefix}page={number}" for number in range(1, pages + 1)]


class HomePage(CachedRouteMixin, CachedViewRestrictionsMixin, Page):
    """The portal's home page: an introduction and the ways into the catalogue and help."""

    intro = models.TextField(_("accroche"), blank=True)
    body = StreamField(BODY_BLOCKS, verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    api_fields = ["intro", "body"]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["catalogue.CatalogueIndexPage", "help.HelpIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")


class CatalogueIndexPage(CachedViewRestrictionsMixin, Page):
    """*Les offres* (`/offres/`): the searchable, filterable catalogue of every offer."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = ["intro"]

    parent_page_types = ["catalogue.HomePage"]
    subpage_types = ["catalogue.SectorPage", "catalogue.OfferCalendarPage"]
    max_count = 1

    class Meta:
        verbose_name = _("catalogue des offres")

    def get_cached_paths(self):
        """What a reverse proxy may keep of the catalogue and must forget at each publication:
        the listing and its pages, each family's listing and its pages (the facets link to
        them), the first page of each access mode and status. Searches and combined filters
        are not listed: ``FRONT_CACHE_SECONDS`` bounds their age."""
        from ..views import OFFERS_PER_PAGE  # catalogue.views imports these models

        offers = OfferPage.objects.live().public().descendant_of(self)
        by_family = dict(
            offers.order_by()
            .values_list("family__slug")
            .annotate(count=models.Count("pk"))
            .values_list("family__slug", "count")
        )
        paths = ["/", *listing_paths(sum(by_family.values()), OFFERS_PER_PAGE)]
        for slug, count in sorted(by_family.items()):
            paths += [f"?famille={slug}", *listing_paths(count, OFFERS_PER_PAGE, f"famille={slug}")]
        paths += [f"?mode={mode}" for mode in AccessMode.values]
        paths += [f"?statut={status}" for status in OfferStatus.values]
        return paths

    def get_context(self, request, *args, **kwargs):
        from ..views import catalogue_context  # catalogue.views imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(request, self))
        return context


class SectorPage(CachedViewRestrictionsMixin, Page):
    """A *fiche filière*: presents one purchase family and the offers filed under it."""

    family = models.OneToOneField(
        "catalogue.PurchaseFamily",
        verbose_name=_("famille d'achat"),
        on_delete=models.PROTECT,
        related_name="sector_page",
    )
    intro = models.TextField(_("accroche"), blank=True)
    body = StreamField(BODY_BLOCKS, verbose_name=_("présentation"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("family"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("family", serializer=PurchaseFamilyField()), "intro", "body"]

    parent_page_types = ["catalogue.CatalogueIndexPage"]
    subpage_types = ["catalogue.OfferPage"]

    class Meta:
        verbose_name = _("fiche filière")
        verbose_name_plural = _("fiches filières")

    def get_cached_paths(self):
        """The filière and each page of its offers."""
        from ..views import OFFERS_PER_PAGE  # catalogue.views imports these models

        count = OfferPage.objects.live().public().child_of(self).count()
        return ["/", *listing_paths(count, OFFERS_PER_PAGE)]

    def get_context(self, request, *args, **kwargs):
        from ..views import sector_context  # catalogue.views imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(sector_context(request, self))
        return context


class OfferPageQuerySet(PageQuerySet):
    def with_status(self, status, today=None):
        today = today or timezone.localdate()
        if status == OfferStatus.UPCOMING:
            return self.filter(start_date__gt=today)
        if status == OfferStatus.AVAILABLE:
            return self.filter(start_date__lte=today, end_date__gte=today)
        if status == OfferStatus.EXPIRED:
            return self.filter(end_date__lt=today)
        return self


OfferPageManager = PageManager.from_queryset(OfferPageQuerySet)


class OfferPage(CachedViewRestrictionsMixin, Page):
    """An *offre* of the centre: a contract buyers can benefit from."""

    reference = models.CharField(
        _("référence de l'offre"),
        max_length=40,
        unique=True,
        help_text=_("Par exemple 2023-R087-000-000-0000000."),
    )
    summary = models.TextField(_("résumé"))
    start_date = models.DateField(_("début de l'offre"))
    end_date = models.DateField(_("fin de l'offre"))
    access_mode = models.CharField(
        _("mode d'accès"), max_length=20, choices=AccessMode.choices, db_index=True
    )
    family = models.ForeignKey(
        "catalogue.PurchaseFamily",
        verbose_name=_("famille d'achat"),
        on_delete=models.PROTECT,
        related_name="offers",
        null=True,
        blank=True,
        help_text=_("Laissez vide pour reprendre la famille de la filière."),
    )
    body = StreamField(BODY_BLOCKS, verbose_name=_("présentation"), blank=True)
    video_url = models.URLField(_("vidéo de présentation"), blank=True)
    advantages = RichTextField(_("Les + de l'offre"), features=RICH_TEXT_FEATURES, blank=True)
    pricing = RichTextField(_("Les tarifs d'accès"), features=RICH_TEXT_FEATURES, blank=True)
    beneficiary_steps = StreamField(
        [("step", StepBlock())],
        verbose_name=_("Bénéficiaire de l'offre"),
        help_text=_("Laissez vide pour afficher les étapes du mode d'accès de l'offre."),
        blank=True,
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("reference"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("access_mode"), FieldPanel("family")]),
            ],
            heading=_("Identification"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("video_url"),
        FieldPanel("advantages"),
        FieldPanel("pricing"),
        InlinePanel(
            "lots",
            heading=_("Lots et titulaires"),
            label=_("Lot"),
            help_text=_(
                "Chaque lot et son titulaire. Un titulaire absent de la liste se crée depuis le "
                "sélecteur (onglet « Créer »)."
            ),
            panels=[
                FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
                FieldPanel("holder"),
            ],
        ),
        InlinePanel("documents", heading=_("Documents disponibles"), label=_("Document")),
        FieldPanel("beneficiary_steps"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("reference"),
        index.SearchField("summary"),
        index.SearchField("holder_names"),
        index.AutocompleteField("reference"),
        index.FilterField("family"),
        index.FilterField("access_mode"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]
    api_fields = [
        "reference",
        "start_date",
        "end_date",
        APIField("status", serializer=LabelledChoiceField(OfferStatus)),
        APIField("access_mode", serializer=LabelledChoiceField(AccessMode)),
        APIField("family", serializer=PurchaseFamilyField()),
        "summary",
        "body",
        "video_url",
        "advantages",
        "pricing",
        APIField("holders", serializer=OfferHoldersField()),
        APIField("documents", serializer=OfferDocumentsField()),
    ]

    parent_page_types = ["catalogue.SectorPage"]
    subpage_types = []

    objects = OfferPageManager()

    class Meta:
        verbose_name = _("offre")
        verbose_name_plural = _("offres")

    def save(self, *args, **kwargs):
        if self.family_id is None and self.depth:
            parent = self.get_parent()
            sector = parent.specific if parent else None
            if isinstance(sector, SectorPage):
                self.family_id = sector.family_id
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La fin de l'offre ne peut pas précéder son début.")}
            )

    def get_status(self, today=None):
        today = today or timezone.localdate()
        if today < self.start_date:
            return OfferStatus.UPCOMING
        if today > self.end_date:
            return OfferStatus.EXPIRED
        return OfferStatus.AVAILABLE

    @property
    def status(self):
        return self.get_status()

    @property
    def is_intermediary(self):
        return self.access_mode == AccessMode.INTERMEDIARY

    def holder_names(self):
        return " ".join(lot.holder.name for lot in self.lots.select_related("holder"))

    @cached_property
    def holders_with_lots(self):
        """The holders of the offer, each with its lots, in lot order."""
        holders = {}
        for lot in self.lots.select_related("holder").order_by("number"):
            holders.setdefault(lot.holder, []).append(lot)
        return list(holders.items())

    def get_context(self, request, *args, **kwargs):
        from ..views import offer_context  # catalogue.views imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(offer_context(request, self))
        return context


class OfferPageDocument(Orderable):
    """A document listed under *Documents disponibles* on an offer page."""

    page = ParentalKey(OfferPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "catalogue.CatalogueDocument",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="offer_links",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("document de l'offre")
        verbose_name_plural = _("documents de l'offre")


class OfferCalendarPage(CachedViewRestrictionsMixin, Page):
    """*Le calendrier des offres*: offers by month of start and month of end."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = ["intro"]

    parent_page_types = ["catalogue.CatalogueIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("calendrier des offres")

    def get_cached_paths(self):
        """The calendar and the years its year menu links to (``?annee=``)."""
        from ..views import CALENDAR_YEARS_AROUND  # catalogue.views imports these models

        year = timezone.localdate().year
        around = range(year - CALENDAR_YEARS_AROUND, year + CALENDAR_YEARS_AROUND + 1)
        return ["/", *(f"?annee={each}" for each in around)]

    def get_context(self, request, *args, **kwargs):
        from ..views import calendar_context  # catalogue.views imports these models

        context = super().get_context(request, *args, **kwargs)
        context.update(calendar_context(request, self))
        return context
