from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepositsConfig(AppConfig):
    name = "membership.deposits"
    label = "deposits"
    verbose_name = _("Dépôt des conventions")

    def ready(self):
        # Imported for their side effects: signal receivers and front-end hook registrations.
        from . import frontend_hooks  # noqa: F401
