from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuyerAccountsConfig(AppConfig):
    name = "buyer_space.accounts"
    label = "accounts"
    verbose_name = _("Comptes acheteurs")

    def ready(self):
        # Imported for their side effects: signal receivers and front-end hook registrations.
        from . import frontend_hooks, signals  # noqa: F401
