from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "buyer_space.exchanges"
    label = "exchanges"
    verbose_name = _("Échanges")

    def ready(self):
        # Imported for their side effects: signal receivers and front-end hook registrations.
        from . import frontend_hooks  # noqa: F401
