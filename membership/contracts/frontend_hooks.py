from urllib.parse import urlencode

import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from buyer_space.space.hooks import (
    SPACE_DASHBOARD_BLOCKS_HOOK,
    SPACE_MENU_ITEMS_HOOK,
    DashboardBlock,
    SpaceMenuItem,
)
from catalogue.hooks import (
    OFFER_SECTIONS_HOOK,
    STYLESHEETS_HOOK,
    OfferSection,
)
from membership.contracts.choices import ContractStatus
from membership.contracts.services import contracts_on_offer, ongoing_contract_count


@hooks.register(OFFER_SECTIONS_HOOK)
def my_contract_section(request, page):
    """*Mon marché en cours* on the offer page, when the account's establishment holds a
    contract on this offer."""
    contracts = contracts_on_offer(request.user, page)
    if not contracts:
        return None
    return OfferSection(
        anchor="mon-marche-en-cours",
        title=_("Mon marché en cours"),
        template="contracts/offer_section.html",
        context={
            "contracts": contracts,
            "several_establishments": len({c.establishment_id for c in contracts}) > 1,
        },
        order=50,
    )


@hooks.register(SPACE_MENU_ITEMS_HOOK)
def contracts_menu_item(request):
    """*Marchés en cours* in the side menu of *Mon espace*, for an active account."""
    return [
        SpaceMenuItem(
            key="contracts",
            label=_("Marchés en cours"),
            url=reverse("membership:contracts"),
            order=40,
            allowed=rules.has_perm("accounts.active_account", request.user),
        )
    ]


@hooks.register(SPACE_DASHBOARD_BLOCKS_HOOK)
def contracts_dashboard_block(request):
    """The dashboard's *Marchés en cours*: the contracts running today, linking to the list
    filtered on the status *En cours*."""
    if not rules.has_perm("accounts.active_account", request.user):
        return []
    query = urlencode({"statut": ContractStatus.ONGOING.value})
    return [
        DashboardBlock(
            key="contracts",
            title=_("Marchés en cours"),
            value=ongoing_contract_count(request.user),
            url=f"{reverse('membership:contracts')}?{query}",
            order=10,
        )
    ]


@hooks.register(STYLESHEETS_HOOK)
def contracts_stylesheets():
    return ["contracts/contracts.css"]
