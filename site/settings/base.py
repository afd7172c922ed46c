"""Settings shared by every environment, safe for production.

Every environment variable is read once here, typed, with its default; `.env.example` lists them.
Security values (``SECRET_KEY``, ``ALLOWED_HOSTS``) have no default: ``dev.py`` and ``test.py``
provide development values before importing this module.
"""

from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from .plugins import install_plugins

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

VAR_DIR = Path(env.path("VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env.str("SECRET_KEY")
# The key of the buyer API tokens' hashes (a leaked database gives no usable token); rotating
# it invalidates every token.
API_TOKEN_KEY = env.str("API_TOKEN_KEY", default=SECRET_KEY)
# Requests a token (or an address, without one) may make to the buyer API: "600/m", "10000/h"…
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="600/m")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Apps: the editorial core and the project's shared infrastructure; the plugins (ESPACE_PLUGINS)
# add theirs after it, with the rest of their settings, at the end of this module.
CORE_APPS = ["catalogue", "help", "espace_site.outbox"]
ESPACE_PLUGINS = env.list("ESPACE_PLUGINS", default=["membership", "buyer_space"])

INSTALLED_APPS = [
    *CORE_APPS,
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: every log line of the request, cached pages included, names the request id.
    "espace_site.logs.RequestIdMiddleware",
    # The catalogue's and the API's reads on the replica when there is one (espace_site.db).
    "espace_site.db.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The database unreachable: a French 503 page with Retry-After, not a 500.
    "espace_site.middleware.DatabaseUnavailableMiddleware",
    # A body over MAX_REQUEST_BODY_SIZE answers 413 before it is read.
    "espace_site.uploads.RequestBodyLimitMiddleware",
    # Before the page cache, so that a cached page carries the policy too.
    "espace_site.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "espace_site.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor authentication (django-otp): request.user.is_verified(); staff need it for the
    # Wagtail admin (espace_site.mfa).
    "django_otp.middleware.OTPMiddleware",
    "espace_site.mfa.RequireStaffMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "espace_site.urls"
WSGI_APPLICATION = "espace_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
# Persistent connections: opening one per request costs PostgreSQL more than the queries of a
# page. Checked before reuse, so a restarted server costs one failed request, not a broken one.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PgBouncer in transaction mode in front of PostgreSQL: no server-side cursors (a cursor would
# outlive the transaction that the pooler gives the connection for), no persistent connections
# needed (CONN_MAX_AGE=0). See deploy/SCALING.md.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False
)
# The long report queries (streamed with server-side cursors) through a session-mode pool or
# straight to PostgreSQL: the alias "reports" (espace_site.db.reports_database()), else the primary.
DATABASE_REPORTS_URL = env.str("DATABASE_REPORTS_URL", default="")
if DATABASE_REPORTS_URL:
    DATABASES["reports"] = {
        **env.db_url_config(DATABASE_REPORTS_URL),
        "TEST": {"MIRROR": "default"},
    }
# A read replica for the catalogue and the pages API (espace_site.db): the alias "replica".
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
DATABASE_REPLICA_PATHS = env.list("DATABASE_REPLICA_PATHS", default=["/api/", "/offres/"])
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["espace_site.db.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# Seconds a cache call waits for Redis (to connect, then to answer) before giving up.
REDIS_CACHE_TIMEOUT = env.float("REDIS_CACHE_TIMEOUT", default=0.25)


def redis_cache(url, timeout=REDIS_CACHE_TIMEOUT, breaker_seconds=5.0):
    """The cache on Redis (django-redis). It is an accelerator, never a dependency: when Redis
    cannot be reached, a read is a miss and a write does nothing (``IGNORE_EXCEPTIONS``), after at
    most ``timeout`` seconds, and for ``breaker_seconds`` after a failure the process does not
    try again (``espace_site.redis_breaker``); the failure is logged once a minute (``LOGGING``
    below)."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "espace-acheteur",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            "CONNECTION_POOL_CLASS": "espace_site.redis_breaker.CircuitBreakerConnectionPool",
            "CONNECTION_POOL_KWARGS": {"breaker_seconds": breaker_seconds},
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    # One process only (first run, tests): the production settings refuse it (check --deploy).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "espace_site.cache.redis"

# Sessions are rows of the database: a restart of Redis logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Anonymous page cache (seconds; 0 turns it off). Purged whenever a page is published.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

# The reverse proxy in front (Varnish, nginx): anonymous pages are marked ``public`` for this
# many seconds (0: never), the others ``private``; every publication purges what it changes
# through Wagtail's HTTP purge backend (a PURGE request per URL) when a purge address is given.
FRONT_CACHE_SECONDS = env.int("FRONT_CACHE_SECONDS", default=300)
FRONTEND_CACHE_PURGE_URL = env.str("FRONTEND_CACHE_PURGE_URL", default="")
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": FRONTEND_CACHE_PURGE_URL,
    }
    if _front_hostnames := env.list("FRONTEND_CACHE_HOSTNAMES", default=[]):
        WAGTAILFRONTENDCACHE["default"]["HOSTNAMES"] = _front_hostnames

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # zxcvbn's estimate, with the account's names and address as a dictionary.
    {"NAME": "espace_site.passwords.StrongPasswordValidator"},
]
# zxcvbn's score, 0 to 4: 4 means more than 10^10 guesses (a passphrase, not « iloveyou2024! »).
PASSWORD_MINIMAL_STRENGTH = 4
AUTHENTICATION_BACKENDS = [
    # First: refuses any attempt while the account is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The core's login is Wagtail's; the buyer space plugin brings the buyers' own.
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Login throttling (django-axes), on the portal login and on the Wagtail admin login alike: five
# failures for one login from one address lock that pair out for fifteen minutes; fifty from
# one address, whatever the logins, lock the address out (espace_site.login_limits: a hospital
# behind one NAT address is not locked out by its staff's first mistakes).
AXES_HANDLER = "espace_site.login_limits.LoginAndAddressHandler"
LOGIN_FAILURES_PER_ADDRESS = 50
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# The client's address: behind nginx (deploy/nginx.conf), gunicorn's REMOTE_ADDR is nginx's own,
# and nginx replaces X-Forwarded-For by the address it saw (with its real_ip module when a load
# balancer stands before it). Trusted only when said so: a gunicorn reachable directly would
# otherwise let any client choose its address.
USE_X_FORWARDED_FOR = env.bool("USE_X_FORWARDED_FOR", default=False)
if USE_X_FORWARDED_FOR:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# E-mails sent to an address typed by a visitor (password reset, new confirmation link,
# registration with a known address), per address and per client IP, in a window of seconds
# (espace_site.throttle).
EMAIL_THROTTLE = {"per_address": 3, "per_ip": 30, "window": 60 * 60}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# The project's own catalogue, then django-zxcvbn-password-validator's French translations of
# zxcvbn's feedback (espace_site.passwords). The library is found, not imported: as an installed
# app it would load zxcvbn's dictionaries (about 15 MiB) into every process at start-up, the
# report workers included, for a password form few processes ever validate.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    Path(find_spec("django_zxcvbn_password_validator").submodule_search_locations[0]) / "locale",
]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.path("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.path("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files that must never be reachable by a public URL (offer documents, buyer files): served only
# through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env.path("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
# "" (Django streams the file), "x-sendfile" (Apache), "x-accel-redirect" (nginx) or "redirect"
# (to the storage's signed URL: S3).
PRIVATE_MEDIA_SERVER = env.str("PRIVATE_MEDIA_SERVER", default="")
PRIVATE_MEDIA_INTERNAL_URL = env.str("PRIVATE_MEDIA_INTERNAL_URL", default="/protected/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible storage (django-storages) when S3_BUCKET is set, e.g. for several web
# nodes: the public files under "media/", readable by their URL; the private ones under
# "private/" (of S3_PRIVATE_BUCKET if given), reachable only by a signed URL valid
# S3_SIGNED_URL_SECONDS, which the permission-checked views redirect to
# (PRIVATE_MEDIA_SERVER=redirect). Credentials: boto3's own (AWS_ACCESS_KEY_ID…, an instance role).
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    _s3 = {
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("S3_REGION", default="") or None,
        "file_overwrite": False,
        "default_acl": None,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": S3_BUCKET,
            "location": "media",
            "querystring_auth": False,
            "custom_domain": env.str("S3_CUSTOM_DOMAIN", default="") or None,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": env.str("S3_PRIVATE_BUCKET", default="") or S3_BUCKET,
            "location": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("S3_SIGNED_URL_SECONDS", default=300),
        },
    }
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The largest body the site reads: the largest upload (a staff document, 200 Mo) and its form.
MAX_REQUEST_BODY_SIZE = 210 * 1024 * 1024

# E-mail: "filemail:///path" (default: files under var/mail), "smtp+tls://user:pass@host:587", ...
_email = env.email_url("EMAIL_URL", default=f"filemail://{VAR_DIR / 'mail'}")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
# django-environ drops the leading "/" of "filemail:///absolute/path": put it back.
_email_path = _email.get("EMAIL_FILE_PATH")
EMAIL_FILE_PATH = f"/{_email_path.lstrip('/')}" if _email_path else str(VAR_DIR / "mail")
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Espace Acheteur <ne-pas-repondre@espace-acheteur.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without a broker, tasks run eagerly in the request (first run, tests).
# CELERY_BROKER_URL: another broker than REDIS_URL, e.g. RabbitMQ ("amqp://user:pass@host:5672/
# vhost") where losing the broker must lose nothing, or Redis Sentinel ("sentinel://h1:26379;
# sentinel://h2:26379" with REDIS_SENTINEL_MASTER).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Unacknowledged messages (a worker killed mid-task) go back to the queue after this delay;
    # it must exceed the longest retry countdown (an hour, espace_site.celery.RETRY_MAX_SECONDS).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60),
    # Publishing from a request gives up fast when the broker is down (one retry, ~0.1 s instead
    # of ~6 s): the e-mail is in the outbox, the periodic drain sends it.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
REDIS_SENTINEL_MASTER = env.str("REDIS_SENTINEL_MASTER", default="")
if REDIS_SENTINEL_MASTER:
    CELERY_BROKER_TRANSPORT_OPTIONS["master_name"] = REDIS_SENTINEL_MASTER
CELERY_BEAT_SCHEDULE = {
    # E-mails whose task could not be enqueued (broker down) or kept failing: sent from the outbox.
    "drain-outbox": {
        "task": "espace_site.outbox.tasks.drain_outbox",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Privacy: e-mails sent more than OUTBOX_RETENTION_DAYS ago are deleted.
    "purge-sent-emails": {
        "task": "espace_site.outbox.tasks.purge_sent_emails",
        "schedule": crontab(hour=3, minute=15),
    },
}
# Privacy (GDPR) retention, in days: sent e-mails, login records (django-axes).
OUTBOX_RETENTION_DAYS = 30
# How long a worker's claim on an e-mail being sent protects it; a dead worker's claim expires
# after it and the drain sends the e-mail (more than the longest SMTP exchange).
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=600)
LOGIN_RECORDS_RETENTION_DAYS = 30

# The public-sector pages (help/views.py): who publishes the site, who hosts it, and the
# accessibility statement's facts. Each centre sets its own in the environment.
LEGAL_NOTICE = {
    "publisher": env.str("LEGAL_PUBLISHER", default="Centrale d'achat hospitalière"),
    "status": env.str("LEGAL_STATUS", default="Groupement d'intérêt public"),
    "address": env.str("LEGAL_ADDRESS", default="Adresse du siège à renseigner"),
    "siret": env.str("LEGAL_SIRET", default=""),
    "director": env.str("LEGAL_DIRECTOR", default="Le directeur ou la directrice de la centrale"),
    "email": env.str("LEGAL_EMAIL", default="contact@centrale.example"),
    "host": env.str("LEGAL_HOST", default="Hébergeur à renseigner"),
    "host_address": env.str("LEGAL_HOST_ADDRESS", default=""),
}
ACCESSIBILITY = {
    # "non conforme" until an RGAA audit is made (RGAA 4.1: no valid audit, not conformant).
    "state": env.str("ACCESSIBILITY_STATE", default="non conforme"),
    "audit_date": env.str("ACCESSIBILITY_AUDIT_DATE", default=""),
    "statement_date": env.str("ACCESSIBILITY_STATEMENT_DATE", default="02/12/2026"),
    "email": env.str("ACCESSIBILITY_EMAIL", default="accessibilite@centrale.example"),
}

# Wagtail
WAGTAIL_SITE_NAME = "Espace Acheteur"
WAGTAILADMIN_USER_LOGIN_FORM = "espace_site.forms.AdminLoginForm"  # French labels
# The site's public address: every absolute link (e-mails, the pages API's html_url, the
# calendars, the change feed) and the demo Site's hostname and port come from it.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=PUBLIC_BASE_URL)
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_DOCUMENT_MODEL = "catalogue.CatalogueDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "doc", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
# Search: PostgreSQL's full-text search by default; beyond it, Wagtail's OpenSearch or
# Elasticsearch backend ("wagtail.search.backends.opensearch2", "….elasticsearch8"…, with its
# client library installed: deploy/SCALING.md) at SEARCH_URLS, then `manage.py update_index`.
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="wagtail.search.backends.database")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": SEARCH_BACKEND}}
if SEARCH_BACKEND != "wagtail.search.backends.database":
    WAGTAILSEARCH_BACKENDS["default"].update(
        URLS=env.list("SEARCH_URLS", default=["http://127.0.0.1:9200"]),
        INDEX=env.str("SEARCH_INDEX", default="espace-acheteur"),
        TIMEOUT=env.int("SEARCH_TIMEOUT", default=5),
        OPTIONS={},
        INDEX_SETTINGS={},
    )
WAGTAILAPI_BASE_URL = PUBLIC_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_SEARCH_ENABLED = True
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# No call to a third-party host from the admin: no gravatar.com avatars, no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Two-factor authentication (espace_site.mfa): required for staff and establishment admins.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Espace Acheteur"
# The staff's e-mail address is changed with the current password (espace_site.account).
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# /sante/: the time the database, cache and broker checks have, all together (seconds).
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=2.0)

# Logs: one JSON line per record on stderr (``LOG_FORMAT=text`` for plain lines), each naming its
# request id and account id (espace_site.logs); the probes of /sante/ are left out.
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
# Content-Security-Policy (django-csp, espace_site.csp): the site's own origin only, no inline
# script or style; the Wagtail admin adds what it needs under its path.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
ADMIN_PATH_PREFIX = "/admin/"
ADMIN_CONTENT_SECURITY_POLICY_UPDATE = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["blob:"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "espace_site.logs.RequestContextFilter"},
        "health_probe": {"()": "espace_site.health.HealthProbeFilter"},
        # An unreachable cache fails every cache call of every request: say so once a minute.
        "once_per_minute": {"()": "espace_site.logs.OncePerInterval", "interval": 60},
    },
    "formatters": {
        "json": {"()": "espace_site.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context", "health_probe"],
            "formatter": LOG_FORMAT,
        },
    },
    "loggers": {
        DJANGO_REDIS_LOGGER: {"filters": ["once_per_minute"]},
        "espace_site.middleware": {"filters": ["once_per_minute"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
# The worker and beat log through the same configuration (JSON lines) rather than Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The plugins' apps, authentication backends, settings and periodic tasks (each plugin's
# ``conf.py``), added last so that they extend what is above.
install_plugins(globals(), ESPACE_PLUGINS)
