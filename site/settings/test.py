"""Tests: fast hasher, local-memory cache and mail, eager tasks, files in a temporary folder.

``DATABASE_URL`` still selects the database, so the same suite runs on SQLite and PostgreSQL.
"""

import os
import tempfile

_tmp = tempfile.mkdtemp(prefix="espace-acheteur-tests-")
os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("VAR_DIR", _tmp)
os.environ["DEBUG"] = "false"
os.environ["EMAIL_URL"] = "memorymail://"
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

from .base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_SECONDS = 0
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
# The suite logs staff and administrators in with force_login: the second factor is required
# only in the tests that turn it on (tests/security/test_mfa.py).
MFA_REQUIRED = False
# WhiteNoise serves STATIC_ROOT: an empty folder rather than a warning at each server start
# (the test files themselves come from the finders).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
