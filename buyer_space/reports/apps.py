from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "buyer_space.reports"
    label = "reports"
    verbose_name = _("Grand livre et reportings")

    def ready(self):
        # Imported for its side effects: the front-end hook registrations (the demo seeder).
        from . import frontend_hooks  # noqa: F401
