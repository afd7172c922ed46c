import dataclasses
from urllib.parse import urlencode

import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from buyer_space.exchanges.choices import ExchangeKind
from buyer_space.exchanges.services import open_exchange_count
from buyer_space.space.hooks import (
    SPACE_DASHBOARD_BLOCKS_HOOK,
    SPACE_MENU_ITEMS_HOOK,
    DashboardBlock,
    SpaceMenuItem,
)
from catalogue.hooks import OFFER_ACTIONS_HOOK, STYLESHEETS_HOOK


@hooks.register(OFFER_ACTIONS_HOOK)
def exchange_offer_actions(request, page, actions):
    """*Poser une question* (and, for a grossiste offer, *Demander un devis*) open a new
    thread about the offer for an active account; anonymous visitors keep the core's links."""
    if not rules.has_perm("exchanges.use_exchanges", request.user):
        return
    base = reverse("buyer_space:exchange_create")
    for name, kind in (
        ("ask-question", ExchangeKind.QUESTION),
        ("quote-request", ExchangeKind.QUOTE),
    ):
        if name in actions:
            query = urlencode({"offre": page.pk, "type": kind})
            actions[name] = dataclasses.replace(actions[name], url=f"{base}?{query}")


@hooks.register(SPACE_MENU_ITEMS_HOOK)
def exchanges_menu_item(request):
    """*Échanges en cours* in the side menu of *Mon espace*, for an active account."""
    return [
        SpaceMenuItem(
            key="exchanges",
            label=_("Échanges en cours"),
            url=reverse("buyer_space:exchanges"),
            order=50,
            allowed=rules.has_perm("accounts.active_account", request.user),
        )
    ]


@hooks.register(SPACE_DASHBOARD_BLOCKS_HOOK)
def exchanges_dashboard_block(request):
    """The dashboard's *Échanges en cours*: the visible threads still open or answered."""
    if not rules.has_perm("accounts.active_account", request.user):
        return []
    return [
        DashboardBlock(
            key="exchanges",
            title=_("Échanges en cours"),
            value=open_exchange_count(request.user),
            url=reverse("buyer_space:exchanges"),
            order=20,
        )
    ]


@hooks.register(STYLESHEETS_HOOK)
def exchanges_stylesheets():
    return ["exchanges/exchanges.css"]
