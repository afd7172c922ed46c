import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from buyer_space.space.hooks import SPACE_MENU_ITEMS_HOOK, SpaceMenuItem
from catalogue.hooks import (
    OFFER_ACTIONS_HOOK,
    OfferAction,
)


@hooks.register(OFFER_ACTIONS_HOOK)
def deposit_offer_action(request, page, actions):
    """*Déposer ma convention* on an intermédiaire offer, for the accounts allowed to deposit."""
    if not rules.has_perm("deposits.deposit_convention", request.user, page):
        return
    actions["deposit"] = OfferAction(
        name="deposit",
        label=_("Déposer ma convention"),
        url=reverse("membership:deposit_form", args=[page.pk]),
        css_class="button button--primary",
        order=25,
    )


@hooks.register(SPACE_MENU_ITEMS_HOOK)
def deposits_menu_item(request):
    """*Dépôt des conventions* in the side menu of *Mon espace*, for the accounts that deposit."""
    return [
        SpaceMenuItem(
            key="deposits",
            label=_("Dépôt des conventions"),
            url=reverse("membership:deposits"),
            order=70,
            allowed=rules.has_perm("deposits.use_deposits", request.user),
        )
    ]
