"""URLs of the buyer space plugin, under one namespace (``buyer_space:…``): each app's own."""

from buyer_space.accounts.urls import urlpatterns as account_urls
from buyer_space.api.urls import urlpatterns as api_urls
from buyer_space.exchanges.urls import urlpatterns as exchange_urls
from buyer_space.notifications.urls import urlpatterns as notification_urls
from buyer_space.space.urls import urlpatterns as space_urls

app_name = "buyer_space"

urlpatterns = [*account_urls, *space_urls, *notification_urls, *exchange_urls, *api_urls]
