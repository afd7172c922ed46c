from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpaceConfig(AppConfig):
    name = "buyer_space.space"
    label = "space"
    verbose_name = _("Mon espace")

    def ready(self):
        # Imported for their side effects: signal receivers and front-end hook registrations.
        from . import frontend_hooks  # noqa: F401
