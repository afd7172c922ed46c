"""The buyer API (``/api/espace/v1/``) and *Mes jetons d'API* in Mon espace."""

from django.urls import path

from buyer_space.api import views
from buyer_space.api.api import api

urlpatterns = [
    path("api/espace/v1/", api.urls),
    path("mon-espace/jetons-api/", views.token_list, name="api_tokens"),
    path("mon-espace/jetons-api/<int:pk>/revoquer/", views.token_revoke, name="api_token_revoke"),
    path("mon-espace/calendrier/renouveler/", views.calendar_renew, name="calendar_renew"),
    path(
        "mon-espace/calendrier/<str:key>/offres-suivies.ics",
        views.followed_offers_calendar,
        name="followed_offers_calendar",
    ),
]
