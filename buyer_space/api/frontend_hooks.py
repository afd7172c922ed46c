import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from buyer_space.space.hooks import SPACE_MENU_ITEMS_HOOK, SpaceMenuItem


@hooks.register(SPACE_MENU_ITEMS_HOOK)
def api_tokens_menu_item(request):
    """*Mes jetons d'API* (and the calendar of followed offers), for active accounts: the
    predicate reads what the menu has already read (no query of its own)."""
    return [
        SpaceMenuItem(
            key="api_tokens",
            label=_("Mes jetons d'API"),
            url=reverse("buyer_space:api_tokens"),
            order=95,
            allowed=rules.has_perm("api_espace.manage_tokens", request.user),
        )
    ]
