"""How a plugin adds to the project's settings.

Each plugin package has a ``conf.py`` that names what it brings, without importing Django:

``INSTALLED_APPS``
    its Django apps, installed after the core's;
``AUTHENTICATION_BACKENDS``
    backends tried before Django's ``ModelBackend``;
``CELERY_BEAT_SCHEDULE``
    its periodic tasks;
``SETTINGS``
    any other setting it owns (its login URL, django-axes' username callable…).

The plugins installed are ``ESPACE_PLUGINS``; with none, the editorial core runs alone.
"""

from importlib import import_module


def install_plugins(namespace, plugins):
    apps = namespace["INSTALLED_APPS"]
    core_count = len(namespace["CORE_APPS"])
    backends = namespace["AUTHENTICATION_BACKENDS"]
    for name in plugins:
        conf = import_module(f"{name}.conf")
        apps[core_count:core_count] = conf.INSTALLED_APPS
        core_count += len(conf.INSTALLED_APPS)
        model_backend = backends.index("django.contrib.auth.backends.ModelBackend")
        backends[model_backend:model_backend] = getattr(conf, "AUTHENTICATION_BACKENDS", [])
        namespace["CELERY_BEAT_SCHEDULE"].update(getattr(conf, "CELERY_BEAT_SCHEDULE", {}))
        namespace.update(getattr(conf, "SETTINGS", {}))
