from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "espace_site.outbox"
    label = "outbox"
    verbose_name = _("Envoi des e-mails")

    def ready(self):
        # Connects the worker task to the outbox's ``email_committed`` signal.
        from . import tasks  # noqa: F401
