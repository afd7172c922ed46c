"""URLs of the membership plugin in Mon espace, under one namespace (``membership:…``)."""

from membership.contracts.urls import urlpatterns as contract_urls
from membership.deposits.urls import urlpatterns as deposit_urls

app_name = "membership"

urlpatterns = [*contract_urls, *deposit_urls]
