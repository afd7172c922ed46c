import html
import unicodedata

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from catalogue.blocks import BODY_BLOCKS, RICH_TEXT_FEATURES
from catalogue.visibility import CachedViewRestrictionsMixin, public_pages
from espace_site.pagination import paginate

from .api import CorrespondentsField, RegistrationUrlField
from .choices import Region
from .navigation import catalogue_links

REPLAYS_PER_PAGE = 10


class HelpListingMixin:
    """What a help page shows of itself in the listings of the help index.

    ``help_kind`` lets the templates add the right shortcuts under each section
    (the two halves of the webconference list, for instance).
    """

    help_kind = "article"

    @cached_property
    def listing_summary(self):
        """Plain text: the search description if set, else the introduction without markup."""
        if self.search_description:
            return self.search_description
        return html.unescape(strip_tags(getattr(self, "intro", "") or "")).strip()


class HelpIndexPage(HelpListingMixin, CachedViewRestrictionsMixin, Page):
    """*Aide* (`/aide/`): the guide's section 10, leading to every help page."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["catalogue.HomePage"]
    subpage_types = ["help.HelpPage", "help.WebconferenceIndexPage", "help.ContactPage"]
    api_fields = ["intro"]
    max_count = 1

    class Meta:
        verbose_name = _("accueil de l'aide")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = public_pages(request=request)
        sections = list(pages.child_of(self).specific().defer_streamfields())
        subpages = pages.type(HelpPage).descendant_of(self).filter(depth=self.depth + 2)
        by_parent = {}
        for subpage in subpages.order_by("path"):
            by_parent.setdefault(subpage.path[: -Page.steplen], []).append(subpage)
        for section in sections:
            section.help_subpages = by_parent.get(section.path, [])
        context["sections"] = sections
        context["catalogue_links"] = catalogue_links(self.path[: -Page.steplen], request)
        return context


class HelpPage(HelpListingMixin, CachedViewRestrictionsMixin, Page):
    """A help article: adhesion, access modalities, the account-creation guide…"""

    intro = models.TextField(_("accroche"), blank=True)
    body = StreamField(BODY_BLOCKS, verbose_name=_("contenu"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = ["intro", "body"]

    parent_page_types = ["help.HelpIndexPage", "help.HelpPage"]
    subpage_types = ["help.HelpPage"]

    class Meta:
        verbose_name = _("page d'aide")
        verbose_name_plural = _("pages d'aide")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = public_pages(HelpPage.objects.child_of(self), request)
        return context


class WebconferenceIndexPage(HelpListingMixin, CachedViewRestrictionsMixin, Page):
    """*Les webconférences*: upcoming sessions with their registration link, then replays."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["help.HelpIndexPage"]
    subpage_types = ["help.WebconferencePage"]
    api_fields = ["intro"]
    max_count = 1
    help_kind = "webconferences"

    class Meta:
        verbose_name = _("liste des webconférences")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        webconferences = public_pages(WebconferencePage.objects.child_of(self), request)
        context["upcoming"] = webconferences.filter(starts_at__gte=now).order_by("starts_at")
        replays = webconferences.filter(starts_at__lt=now).order_by("-starts_at", "path")
        context["replays"], context["replays_window"] = paginate(
            replays, request.GET.get("page"), REPLAYS_PER_PAGE
        )
        return context


class WebconferencePage(CachedViewRestrictionsMixin, Page):
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=60)
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES)
    registration_url = models.URLField(_("lien d'inscription"), blank=True)
    replay_url = models.URLField(_("lien du replay"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("starts_at"), FieldPanel("duration_minutes")], heading=_("Séance")
        ),
        FieldPanel("description"),
        FieldPanel("registration_url"),
        FieldPanel("replay_url"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    api_fields = [
        "starts_at",
        "duration_minutes",
        "description",
        "is_upcoming",
        APIField("registration_url", serializer=RegistrationUrlField()),
        "replay_url",
    ]

    parent_page_types = ["help.WebconferenceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("webconférence")
        verbose_name_plural = _("webconférences")

    @property
    def is_upcoming(self):
        return self.starts_at >= timezone.now()


class RegionalCorrespondent(models.Model):
    """One of the centre's regional correspondents (*correspondants régionaux*)."""

    region = models.CharField(_("région"), max_length=3, choices=Region.choices)
    name = models.CharField(_("nom"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        ordering = ["sort_order", "region", "name"]
        verbose_name = _("correspondant régional")
        verbose_name_plural = _("correspondants régionaux")

    def __str__(self):
        return f"{self.name} ({self.get_region_display()})"


class ContactPage(HelpListingMixin, CachedViewRestrictionsMixin, Page):
    """*Vos contacts*: the regional correspondents, the network director, member relations."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    correspondent_role = RichTextField(
        _("rôle du correspondant régional"), features=RICH_TEXT_FEATURES, blank=True
    )
    director_name = models.CharField(_("directrice ou directeur du réseau"), max_length=200)
    director_email = models.EmailField(_("e-mail de la direction du réseau"))
    director_phone = models.CharField(_("téléphone de la direction"), max_length=30, blank=True)
    team_description = RichTextField(
        _("l'équipe de la relation adhérents"), features=RICH_TEXT_FEATURES, blank=True
    )
    team_email = models.EmailField(_("e-mail de la relation adhérents"))
    team_phone = models.CharField(_("téléphone de la relation adhérents"), max_length=30)
    contact_us = RichTextField(_("bloc « Contactez-nous »"), features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("correspondent_role"),
        MultiFieldPanel(
            [
                FieldPanel("director_name"),
                FieldPanel("director_email"),
                FieldPanel("director_phone"),
            ],
            heading=_("Direction du réseau"),
        ),
        MultiFieldPanel(
            [FieldPanel("team_description"), FieldPanel("team_email"), FieldPanel("team_phone")],
            heading=_("Relation adhérents"),
        ),
        FieldPanel("contact_us"),
    ]
    api_fields = [
        "intro",
        "correspondent_role",
        APIField("correspondents", serializer=CorrespondentsField()),
        "director_name",
        "director_email",
        "director_phone",
        "team_description",
        "team_email",
        "team_phone",
        "contact_us",
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("team_description"),
        index.SearchField("contact_us"),
    ]

    parent_page_types = ["help.HelpIndexPage"]
    subpage_types = []
    max_count = 1
    help_kind = "contacts"

    class Meta:
        verbose_name = _("page des contacts")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        correspondents = sorted(
            RegionalCorrespondent.objects.all(),
            key=lambda c: (c.sort_order, _sort_key(c.get_region_display()), _sort_key(c.name)),
        )
        context["correspondents"] = correspondents
        context["correspondent_count"] = len({c.email.lower() for c in correspondents})
        return context


def _sort_key(text):
    """French alphabetical order: accents and case do not count (*Île-de-France* after *Hauts…*)."""
    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().casefold()
