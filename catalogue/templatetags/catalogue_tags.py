"""Template tags of the public site: offer actions, account links, statuses, French file sizes."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from catalogue.choices import AccessMode
from catalogue.content import HELP_CONTACT_URL
from catalogue.hooks import (
    AccountLink,
    FooterLink,
    HomeTile,
    OfferAction,
    collect_account_links,
    collect_footer_links,
    collect_home_tiles,
    collect_offer_actions,
    collect_offer_card_actions,
    collect_stylesheets,
)
from catalogue.models import CatalogueIndexPage, OfferCalendarPage, SectorPage
from catalogue.views import login_url as build_login_url
from catalogue.visibility import public_pages
from espace_site.cache import content_version as current_content_version

register = template.Library()

_SIZE_UNITS = ("ko", "Mo", "Go", "To")


@register.filter
def file_size_fr(size):
    """A size in bytes written the French way: ``512 octets``, ``476,9 ko``, ``35,4 Mo``."""
    try:
        value = float(size)
    except (TypeError, ValueError):
        return ""
    if value < 1024:
        return _("%(count)d octets") % {"count": int(value)}
    for unit in _SIZE_UNITS:
        value /= 1024
        if value < 1024 or unit == _SIZE_UNITS[-1]:
            break
    return f"{value:.1f} {unit}".replace(".", ",")


@register.filter
def offer_status(offer, today=None):
    """The offer's status (an ``OfferStatus``: ``.label`` to show, its value for CSS)."""
    return offer.get_status(today)


@register.simple_tag(takes_context=True)
def login_url(context):
    request = context.get("request")
    return build_login_url(request) if request is not None else ""


@register.simple_tag
def page_ancestors(page):
    """The page's ancestors below the tree root, the home page first (one query; the
    templates read them in fragments cached per content version)."""
    return list(page.get_ancestors().filter(depth__gt=1))


@register.simple_tag(takes_context=True)
def content_version(context):
    """The version of the published content, which every publication moves on
    (``espace_site.cache``): the key of the ``{% cache %}`` fragments of the public pages."""
    return current_content_version(context.get("request"))


def default_offer_actions(request, page):
    actions = []
    if not request.user.is_authenticated:
        actions.append(
            OfferAction(
                name="login",
                label=_("Se connecter"),
                url=build_login_url(request),
                css_class="button button--primary",
                order=10,
            )
        )
    actions.append(
        OfferAction(
            name="ask-question",
            label=_("Poser une question"),
            url=HELP_CONTACT_URL,
            css_class="button button--secondary",
            order=20,
        )
    )
    if page.access_mode == AccessMode.WHOLESALE:
        actions.append(
            OfferAction(
                name="quote-request",
                label=_("Demander un devis"),
                url=HELP_CONTACT_URL,
                css_class="button button--secondary",
                order=30,
            )
        )
    return actions


@register.inclusion_tag("components/offer_actions.html", takes_context=True)
def offer_actions(context, page):
    request = context["request"]
    actions = collect_offer_actions(request, page, default_offer_actions(request, page))
    return {"actions": actions, "page": page, "request": request}


@register.inclusion_tag("components/offer_list.html", takes_context=True)
def offer_list(context, offers, heading_level=2, hide_family=False):
    """The cards of a page of offers (a catalogue page, a filière), with the plugins' card
    actions, read for the whole page at once (``register_offer_card_actions``). The offers and
    their actions are only read if the cards are rendered, not when their fragment is cached."""
    request = context.get("request")
    today = context.get("today")

    def cards():
        page_offers = list(offers)
        actions = collect_offer_card_actions(request, page_offers) if request is not None else {}
        return [
            (offer, offer.get_status(today), actions.get(offer.pk, [])) for offer in page_offers
        ]

    return {
        "cards": SimpleLazyObject(cards),
        "heading_level": heading_level,
        "hide_family": hide_family,
        "today": today,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("includes/account_links.html", takes_context=True)
def account_links(context):
    request = context.get("request")
    links = collect_account_links(request) if request is not None else []
    if not links and request is not None:
        user = request.user
        if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
            links = [AccountLink(label=_("Administration"), url="/admin/", css_class="button")]
        elif not user.is_authenticated:
            links = [
                AccountLink(
                    label=_("Se connecter"),
                    url=build_login_url(request),
                    css_class="button button--small",
                )
            ]
    return {"links": links, "request": request}


@register.simple_tag(takes_context=True)
def home_links(context):
    """The ways in shown on the home page: the catalogue's index and calendar, the filières,
    and the shortcut tiles (the core's and those the plugins register)."""
    request = context.get("request")
    catalogue_page = public_pages(CatalogueIndexPage.objects.all(), request).first()
    calendar_page = public_pages(OfferCalendarPage.objects.all(), request).first()
    catalogue_url = catalogue_page.get_url(request) if catalogue_page else "/offres/"
    core_tiles = [
        HomeTile(
            title=_("Le catalogue des offres"),
            text=_("Toutes les offres de la centrale, par famille, mode d'accès et disponibilité."),
            url=catalogue_url,
            order=10,
        ),
        HomeTile(
            title=_("Aide"),
            text=_(
                "Adhérer à la centrale, accéder aux offres, créer votre compte, vos contacts "
                "et les webconférences."
            ),
            url="/aide/",
            order=90,
        ),
    ]
    if calendar_page:
        core_tiles.append(
            HomeTile(
                title=_("Le calendrier des offres"),
                text=_("Les offres qui commencent et se terminent, mois par mois."),
                url=calendar_page.get_url(request),
                order=20,
            )
        )
    return {
        "catalogue_url": catalogue_url,
        "sectors": public_pages(SectorPage.objects.defer_streamfields(), request)
        .select_related("family")
        .order_by("family__sort_order", "family__name"),
        "tiles": collect_home_tiles(request, core_tiles),
    }


@register.simple_tag
def footer_links():
    """The footer's links: the core's (with the accessibility statement's conformity state, as
    the RGAA asks) and those the plugins register."""
    core_links = [
        FooterLink(label=_("Le catalogue des offres"), url="/offres/", order=10),
        FooterLink(label=_("Aide"), url="/aide/", order=20),
        FooterLink(label=_("Contactez-nous"), url=HELP_CONTACT_URL, order=30),
        FooterLink(
            label=_("Accessibilité : %(state)s") % {"state": settings.ACCESSIBILITY["state"]},
            url=reverse("help:accessibility"),
            order=70,
        ),
        FooterLink(label=_("Mentions légales"), url=reverse("help:legal_notice"), order=75),
    ]
    return collect_footer_links(core_links)


@register.inclusion_tag("includes/stylesheets.html")
def plugin_stylesheets():
    """``<link>`` elements for the style sheets the plugins register."""
    return {"paths": collect_stylesheets()}
