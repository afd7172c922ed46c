from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from catalogue.hooks import (
    OFFER_SECTIONS_HOOK,
    OfferSection,
)
from membership.contracts.services import contracts_on_offer


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
