from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "buyer_space.notifications"
    label = "notifications"
    verbose_name = _("Abonnements et notifications")

    def ready(self):
        # Imported for their side effects: signal receivers, front-end hook registrations and
        # the worker tasks connected to the services' signals.
        from . import frontend_hooks, signals, tasks  # noqa: F401
