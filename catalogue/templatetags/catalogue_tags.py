"""Template tags of the public site: offer actions, account links, statuses, French file sizes."""

import dataclasses
from dataclasses import dataclass

from django import template
from django.template import engines
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from catalogue.choices import AccessMode, OfferStatus
from catalogue.content import HELP_CONTACT_URL
from catalogue.hooks import (
    AccountLink,
    OfferAction,
    collect_account_links,
    collect_offer_actions,
    collect_offer_card_actions,
)
from catalogue.views import login_url as build_login_url

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
    """The page's ancestors below the tree root, fetched once per page object."""
    ancestors = getattr(page, "_catalogue_ancestors", None)
    if ancestors is None:
        ancestors = _routed_ancestors(page)
        if ancestors is None:
            ancestors = [ancestor for ancestor in page.get_ancestors() if not ancestor.is_root()]
        page._catalogue_ancestors = ancestors
    return ancestors


def _routed_ancestors(page):
    """The ancestors Wagtail's routing already loaded (each page keeps its parent), if complete."""
    chain = []
    node = page
    while node.depth > 2:
        node = getattr(node, "_cached_parent_obj", None)
        if node is None:
            return None
        chain.append(node)
    return chain[::-1]


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
                name="appointment",
                label=_("Prendre rendez-vous"),
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


@dataclass(frozen=True)
class OfferCard:
    """What one card of an offer list shows, as plain values computed once per card."""

    offer: object
    url: str
    status: str
    status_label: str
    mode: str
    mode_label: str
    family_name: str
    summary: str
    start_iso: str
    start: str
    end_iso: str
    end: str
    actions: list


CARD_SUMMARY_WORDS = 40


def _card_actions(request, offer, actions):
    """The card's actions, each with its markup when a plugin gave a template (the Jinja2 card
    list prints ``html``; it cannot include a Django template)."""
    return [
        dataclasses.replace(
            action,
            html=render_to_string(
                action.template,
                {"action": action, "page": offer, "request": request, "card": True},
                request=request,
            ),
        )
        if action.template and not action.html
        else action
        for action in actions
    ]


def offer_cards(request, offers, today=None):
    """The cards of a page of offers, for ``jinja2/components/offer_list.html``.

    Everything a card shows is computed here, once per card, and the labels once per page:
    the template only prints plain values.
    """
    offers = list(offers)
    actions = collect_offer_card_actions(request, offers) if request is not None else {}
    status_labels = {status: str(status.label) for status in OfferStatus}
    mode_labels = {mode: str(mode.label) for mode in AccessMode}
    cards = []
    for offer in offers:
        status = offer.get_status(today)
        cards.append(
            OfferCard(
                offer=offer,
                url=offer.get_url(request=request),
                status=status.value,
                status_label=status_labels[status],
                mode=offer.access_mode,
                mode_label=mode_labels.get(offer.access_mode, offer.access_mode),
                family_name=offer.family.name if offer.family_id else "",
                summary=Truncator(offer.summary).words(CARD_SUMMARY_WORDS, truncate=" …"),
                start_iso=offer.start_date.isoformat(),
                start=offer.start_date.strftime("%d/%m/%Y"),
                end_iso=offer.end_date.isoformat(),
                end=offer.end_date.strftime("%d/%m/%Y"),
                actions=_card_actions(request, offer, actions.get(offer.pk, [])),
            )
        )
    return cards


@register.simple_tag(takes_context=True)
def offer_list(context, offers, heading_level=2, hide_family=False):
    """The cards of a page of offers (a catalogue page, a filière), rendered with Jinja2."""
    request = context.get("request")
    template = engines["jinja2"].get_template("components/offer_list.html")
    # Jinja2 escaped every value (autoescape is on): its output is markup, safe as it is.
    return mark_safe(  # noqa: S308
        template.render(
            {
                "cards": offer_cards(request, offers, context.get("today")),
                "heading_level": heading_level,
                "hide_family": hide_family,
            },
            request=request,
        )
    )


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


@register.simple_tag
def home_links():
    """The ways into the catalogue shown on the home page: the index, the calendar, the filières."""
    from catalogue.models import CatalogueIndexPage, OfferCalendarPage, SectorPage

    return {
        "catalogue_page": CatalogueIndexPage.objects.live().public().first(),
        "calendar_page": OfferCalendarPage.objects.live().public().first(),
        "sectors": SectorPage.objects.live()
        .public()
        .select_related("family")
        .order_by("family__sort_order", "family__name"),
    }
