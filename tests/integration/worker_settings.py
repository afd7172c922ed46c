"""Settings of a test worker whose e-mail backend is slow after sending (see ``slow_mail``)."""

from espace_site.settings.dev import *  # noqa: F403

EMAIL_BACKEND = "tests.integration.slow_mail.SlowAfterSendingBackend"
