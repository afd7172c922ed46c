"""A PostgreSQL read replica for what anonymous visitors and API consumers read most: the
catalogue's pages and the pages API (``DATABASE_REPLICA_URL``, the alias ``replica``).

:class:`ReplicaMiddleware` marks the ``GET``/``HEAD`` requests under ``DATABASE_REPLICA_PATHS``;
during them :class:`ReplicaRouter` sends the reads to the replica, except those of the apps
that must see their own writes at once (sessions, accounts, the login throttle, the outbox).
Everything else, the writes, the admin and Mon espace, stays on the primary: an editor never
reads a page older than what they just published. Without a replica nothing changes.
"""

import contextvars

from django.conf import settings

REPLICA = "replica"
REPORTS = "reports"
#: Read on the primary even during a replica request: what a visitor's own action just wrote.
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "axes", "accounts", "outbox", "contenttypes", "notifications"}
)

reading_from_replica = contextvars.ContextVar("reading_from_replica", default=False)


def reports_database():
    """The alias for long report queries (server-side cursors): ``reports`` when
    ``DATABASE_REPORTS_URL`` names a session-mode pool, else the primary."""
    return REPORTS if REPORTS in settings.DATABASES else "default"


def replica_configured():
    return REPLICA in settings.DATABASES


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            replica_configured()
            and request.method in ("GET", "HEAD")
            and request.path.startswith(tuple(settings.DATABASE_REPLICA_PATHS))
        ):
            return self.get_response(request)
        token = reading_from_replica.set(True)
        try:
            return self.get_response(request)
        finally:
            reading_from_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            reading_from_replica.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and replica_configured()
        ):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: rows from either may be related.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db not in (REPLICA, REPORTS)
