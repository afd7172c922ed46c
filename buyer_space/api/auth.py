"""Who calls the API: a personal token (``Authorization: Bearer ea_…``) or the browser session.

A token's limits apply through the same ``rules`` predicates as the pages: its establishment
restricts the account's affiliations (:func:`buyer_space.accounts.rules.limit_access`), and a
read-only token is refused any write. The session is checked for CSRF on writes (ninja's
``SessionAuth``).
"""

from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from buyer_space.accounts.rules import limit_access
from buyer_space.api import services

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ea_<id>_<secret>``."""

    openapi_description = "Jeton personnel créé dans Mon espace (Mes jetons d'API)."

    def authenticate(self, request, token):
        api_token = services.find_token(token)
        if api_token is None:
            return None
        if request.method not in SAFE_METHODS and not api_token.can_write:
            raise HttpError(403, _("Ce jeton est en lecture seule : il ne permet aucune écriture."))
        request.user = api_token.user
        request.api_token = api_token
        if api_token.establishment_id is not None:
            limit_access(api_token.user, api_token.establishment_id)
        services.record_use(api_token)
        return api_token


class BrowserSessionAuth(SessionAuth):
    """The portal's own session (CSRF checked on writes); an inactive account is refused."""

    openapi_description = "Session du navigateur (cookie), jeton CSRF exigé en écriture."

    def authenticate(self, request, key):
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


token_auth = TokenAuth()
session_auth = BrowserSessionAuth()
