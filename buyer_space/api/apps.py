from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "buyer_space.api"
    # Not "api": the core's pages API lives in catalogue/api.
    label = "api_espace"
    verbose_name = _("API des acheteurs")

    def ready(self):
        # Imported for their side effects: Mon espace's menu entry and the offers' change log.
        from . import frontend_hooks, signals  # noqa: F401
