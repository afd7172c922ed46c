"""Local development: debug on, a throw-away secret, everything embedded (SQLite, eager Celery)."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-secret-key-never-used-in-production")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("LOG_FORMAT", "text")

from .base import *  # noqa: E402, F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

for _folder in (VAR_DIR, MEDIA_ROOT, PRIVATE_MEDIA_ROOT):  # noqa: F405
    _folder.mkdir(parents=True, exist_ok=True)
