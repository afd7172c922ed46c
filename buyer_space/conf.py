"""What the buyer space plugin adds to the project's settings (``espace_site.settings.plugins``)."""

from celery.schedules import crontab

INSTALLED_APPS = [
    "buyer_space.accounts",
    "buyer_space.audit",
    "buyer_space.space",
    "buyer_space.exchanges",
    "buyer_space.notifications",
    "buyer_space.reports",
    "django_celery_beat",
    "buyer_space.api",
    # Django Ninja's templates and static files: the API's documentation page loads nothing
    # from outside the site.
    "ninja",
]

# Buyers log in with their e-mail address, whatever its case.
AUTHENTICATION_BACKENDS = ["buyer_space.accounts.backends.EmailBackend"]

# The digests of the followed offers' changes, in the morning (the project's time zone).
CELERY_BEAT_SCHEDULE = {
    # Privacy: old audit entries anonymised, old login records deleted.
    "audit-retention": {
        "task": "buyer_space.audit.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    "notifications-daily-digest": {
        "task": "buyer_space.notifications.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ("quotidien",),
    },
    "notifications-weekly-digest": {
        "task": "buyer_space.notifications.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "args": ("hebdomadaire",),
    },
}

SETTINGS = {
    "LOGIN_URL": "buyer_space:login",
    "LOGIN_REDIRECT_URL": "buyer_space:space",
    "AXES_USERNAME_CALLABLE": "buyer_space.accounts.backends.axes_username",
    "AXES_LOCKOUT_TEMPLATE": "accounts/lockout.html",
    # The reports' schedule is kept in the database, where staff change it in the admin.
    "CELERY_BEAT_SCHEDULER": "django_celery_beat.schedulers:DatabaseScheduler",
    # Audit entries say who did what for a year, then are anonymised (buyer_space.audit).
    "AUDIT_RETENTION_DAYS": 365,
}
