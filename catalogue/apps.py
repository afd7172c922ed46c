from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue des offres")

    def ready(self):
        # Imported for its side effects (signal receivers) once the models are loaded.
        from . import signals  # noqa: F401
