from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstablishmentsConfig(AppConfig):
    name = "membership.establishments"
    label = "establishments"
    verbose_name = _("Établissements")

    def ready(self):
        # Imported for their side effects: signal receivers and front-end hook registrations.
        from . import frontend_hooks  # noqa: F401
