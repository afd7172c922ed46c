from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuyerSpaceConfig(AppConfig):
    name = "buyer_space"
    verbose_name = _("Espace acheteur")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
