import dataclasses
from urllib.parse import urlencode

import rules
from django.urls import reverse
from wagtail import hooks

from buyer_space.exchanges.choices import ExchangeKind
from catalogue.hooks import (
    OFFER_ACTIONS_HOOK,
)


@hooks.register(OFFER_ACTIONS_HOOK)
def exchange_offer_actions(request, page, actions):
    """*Poser une question* (and, for a grossiste offer, *Prendre rendez-vous*) open a new
    thread about the offer for an active account; anonymous visitors keep the core's links."""
    if not rules.has_perm("exchanges.use_exchanges", request.user):
        return
    base = reverse("buyer_space:exchange_create")
    for name, kind in (
        ("ask-question", ExchangeKind.QUESTION),
        ("appointment", ExchangeKind.QUOTE),
    ):
        if name in actions:
            query = urlencode({"offre": page.pk, "type": kind})
            actions[name] = dataclasses.replace(actions[name], url=f"{base}?{query}")
