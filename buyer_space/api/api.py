"""The buyer API (``/api/espace/v1/``): what a buyer has in Mon espace, for his own tools.

OpenAPI 3.1 at ``openapi.json``, its documentation at ``docs`` (ninja's own Swagger UI assets,
served from the site: nothing loaded from elsewhere). Each endpoint checks the same ``rules``
permissions and calls the same services as the pages.
"""

from django.conf import settings
from ninja import NinjaAPI
from ninja.throttling import AuthRateThrottle

from buyer_space.api import problems
from buyer_space.api.auth import session_auth, token_auth
from buyer_space.api.routers import (
    changes,
    contracts,
    deposits,
    documents,
    establishment,
    exchanges,
    me,
    notifications,
    subscriptions,
)

DESCRIPTION = """
L'API des acheteurs donne accès, avec les mêmes droits que dans le navigateur, à ce que
l'acheteur trouve dans Mon espace : ses marchés en cours, ses échanges avec la centrale, ses
notifications et abonnements, les utilisateurs de son établissement (administrateurs), les
autres documents et fichiers de données, les dépôts de conventions.

**Authentification** : `Authorization: Bearer ea_…`, un jeton personnel créé dans Mon espace
(*Mes jetons d'API*), en lecture seule ou en lecture et écriture, éventuellement limité à un
établissement ; ou la session du navigateur (jeton CSRF exigé en écriture).

**Erreurs** : `application/problem+json` (`type`, `title`, `status`, `detail` en français).
**Pagination** : `limit` (100 au plus) et `offset`. **Limite de débit** (par jeton, 600
requêtes par minute par défaut) : au-delà, 429 et `Retry-After`.
"""


class BuyerApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Error responses documented as ``application/problem+json``, as they are sent."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content["application/problem+json"] = content.pop("application/json")
        return schema


api = BuyerApi(
    title="API des acheteurs – Espace Acheteur",
    version="1",
    description=DESCRIPTION,
    # Mounted by the plugin's URLs, under their namespace.
    urls_namespace="buyer_space:api_espace",
    auth=[token_auth, session_auth],
    throttle=[AuthRateThrottle(settings.API_THROTTLE_RATE)],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)

api.add_router("/moi", me.router, tags=["Mon compte"])
api.add_router("/etablissements", establishment.router, tags=["Mon établissement"])
api.add_router("/marches", contracts.router, tags=["Marchés en cours"])
api.add_router("/echanges", exchanges.router, tags=["Échanges"])
api.add_router("/notifications", notifications.router, tags=["Notifications"])
api.add_router("/abonnements", subscriptions.router, tags=["Abonnements"])
api.add_router("/documents", documents.router, tags=["Autres documents et fichiers de données"])
api.add_router("/depots", deposits.router, tags=["Dépôts de conventions"])
api.add_router("/offres", changes.router, tags=["Offres"])
