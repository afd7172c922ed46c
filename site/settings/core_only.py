"""The editorial core alone: the test settings without the plugin apps.

`.ci/run` runs the catalogue and help tests with it, proving that the core works when
``membership`` and ``buyer_space`` are removed from ``INSTALLED_APPS``.
"""

from .test import *  # noqa: F403
from .test import AUTHENTICATION_BACKENDS, INSTALLED_APPS, PLUGIN_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in PLUGIN_APPS]
PLUGIN_APPS = []
AUTHENTICATION_BACKENDS = [
    backend for backend in AUTHENTICATION_BACKENDS if not backend.startswith("buyer_space.")
]
AXES_USERNAME_CALLABLE = None
AXES_LOCKOUT_TEMPLATE = None
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "/"
CELERY_BEAT_SCHEDULE = {}  # the periodic tasks belong to the plugins
