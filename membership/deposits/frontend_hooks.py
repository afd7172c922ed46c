import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from buyer_space.space.hooks import SPACE_MENU_ITEMS_HOOK, SpaceMenuItem
from catalogue.choices import AccessMode
from catalogue.hooks import (
    HOME_TILES_HOOK,
    OFFER_ACTIONS_HOOK,
    OFFER_API_FIELDS_HOOK,
    HomeTile,
    OfferAction,
    OfferApiField,
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


@hooks.register(HOME_TILES_HOOK)
def deposits_home_tile(request):
    """*Dépôt des conventions* on the home page, for the accounts that deposit."""
    if not rules.has_perm("deposits.use_deposits", request.user):
        return []
    return [
        HomeTile(
            title=_("Dépôt des conventions"),
            text=_("Déposez la convention signée d'une offre en mode intermédiaire."),
            url=reverse("membership:deposits"),
            order=40,
        )
    ]


def convention_deposit_url(offer, request):
    """Where a buyer deposits the signed convention of an intermédiaire offer (``null`` for a
    wholesale one): the page asks for an account and says who may deposit."""
    if offer.access_mode != AccessMode.INTERMEDIARY:
        return None
    url = reverse("membership:deposit_form", args=[offer.pk])
    return request.build_absolute_uri(url) if request is not None else url


@hooks.register(OFFER_API_FIELDS_HOOK)
def deposit_api_fields():
    return [OfferApiField(name="convention_deposit_url", value=convention_deposit_url)]
