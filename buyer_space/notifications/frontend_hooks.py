import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks

from buyer_space.notifications.services import subscribed_offer_ids, unread_count
from buyer_space.notifications.views.subscriptions import bell_labels
from buyer_space.space.hooks import SPACE_MENU_ITEMS_HOOK, SpaceMenuItem
from catalogue.hooks import (
    ACCOUNT_LINKS_HOOK,
    OFFER_ACTIONS_HOOK,
    OFFER_CARD_ACTIONS_HOOK,
    STYLESHEETS_HOOK,
    AccountLink,
    OfferAction,
)
from catalogue.views import login_url

BELL_TEMPLATE = "notifications/includes/bell.html"


def _bell(offer, subscribed, label):
    url = reverse("buyer_space:toggle_subscription", args=[offer.pk])
    return OfferAction(
        name="bell",
        label=label,
        url=url,
        method="post",
        order=40,
        template=BELL_TEMPLATE,
        extra={"subscribed": subscribed},
    )


def _login_bell(url, label):
    return OfferAction(
        name="bell",
        label=label,
        url=url,
        order=40,
        template=BELL_TEMPLATE,
        extra={"login": True},
    )


LOGIN_BELL_LABEL = _("Se connecter pour activer les notifications")


@hooks.register(OFFER_ACTIONS_HOOK)
def offer_bell(request, page, actions):
    """The bell of the offer page: follow the offer (active accounts), or log in to follow it
    (anonymous visitors); none for a pending account."""
    if not page.live:
        return  # a preview
    user = request.user
    if not user.is_authenticated:
        actions["bell"] = _login_bell(login_url(request), str(LOGIN_BELL_LABEL))
    elif rules.has_perm("notifications.subscribe_to_offers", user):
        subscribed = page.pk in subscribed_offer_ids(user, [page.pk])
        actions["bell"] = _bell(page, subscribed, bell_labels()[subscribed])


@hooks.register(OFFER_CARD_ACTIONS_HOOK)
def offer_card_bells(request, offers, actions):
    """The bell of each offer card of a list: one query for the whole page of cards, the
    labels and the login link computed once."""
    user = request.user
    if not user.is_authenticated:
        url, label = login_url(request), str(LOGIN_BELL_LABEL)
        for offer in offers:
            actions[offer.pk].append(_login_bell(url, label))
    elif rules.has_perm("notifications.subscribe_to_offers", user):
        followed = subscribed_offer_ids(user, [offer.pk for offer in offers])
        labels = bell_labels()
        for offer in offers:
            subscribed = offer.pk in followed
            actions[offer.pk].append(_bell(offer, subscribed, labels[subscribed]))


@hooks.register(ACCOUNT_LINKS_HOOK)
def unread_notifications_link(request):
    """*N notifications non lues* in the header, for an active account that has some (only
    they follow offers: the count costs no query to anyone else)."""
    if not rules.has_perm("notifications.subscribe_to_offers", request.user):
        return []
    count = unread_count(request.user)
    if not count:
        return []
    label = ngettext(
        "%(count)d notification non lue", "%(count)d notifications non lues", count
    ) % {"count": count}
    return [
        AccountLink(
            label=label,
            url=reverse("buyer_space:notifications"),
            css_class="button button--small button--link account-links__notifications",
            order=15,
        )
    ]


@hooks.register(SPACE_MENU_ITEMS_HOOK)
def notifications_menu_item(request):
    """*Mes notifications* in the side menu of *Mon espace*, for an active account."""
    return [
        SpaceMenuItem(
            key="notifications",
            label=_("Mes notifications"),
            url=reverse("buyer_space:notifications"),
            order=60,
            allowed=rules.has_perm("accounts.active_account", request.user),
        )
    ]


@hooks.register(STYLESHEETS_HOOK)
def notifications_stylesheets():
    return ["notifications/notifications.css"]
