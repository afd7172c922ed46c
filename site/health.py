"""``/sante/``: the load balancer's probe. Is this node able to serve?

The database, the cache and the Celery broker are each checked, at the same time and within
``HEALTH_CHECK_TIMEOUT`` seconds all together: a service that does not answer in time counts as
down. The answer is JSON, ``200`` when everything answers, ``503`` naming what does not. It is
never cached, and neither the access log nor Django's request log write a line per probe
(:class:`HealthProbeFilter`); a service going down or coming back is logged once per process.
"""

import logging
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

logger = logging.getLogger(__name__)

HEALTH_PATH = "/sante/"
PROBE_KEY = "health:probe"


def check_database():
    """A new connection and a query: what a request would need after a database restart."""
    connection = connections.create_connection("default")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def check_cache():
    cache = caches.create_connection("default")
    try:
        cache.set(PROBE_KEY, "ok", timeout=30)
        if cache.get(PROBE_KEY) != "ok":
            raise RuntimeError("the cache did not return what was just stored")
    finally:
        cache.close()


def check_broker():
    timeout = settings.HEALTH_CHECK_TIMEOUT
    options = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    with Connection(
        settings.CELERY_BROKER_URL, connect_timeout=timeout, transport_options=options
    ) as connection:
        connection.ensure_connection(max_retries=0, timeout=timeout)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}

# What each check found last in this process: a change is logged, a steady state is not.
_last_state = {}


def run_checks():
    """``{name: "ok" | "down"}`` for every check, within ``HEALTH_CHECK_TIMEOUT`` seconds."""
    executor = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="health")
    futures = {name: executor.submit(check) for name, check in CHECKS.items()}
    wait(futures.values(), timeout=settings.HEALTH_CHECK_TIMEOUT)
    # A check stuck past the timeout is left to finish on its own; the answer does not wait.
    executor.shutdown(wait=False, cancel_futures=True)
    results = {}
    for name, future in futures.items():
        if not future.done():
            results[name], error = "down", "no answer in time"
        elif future.exception() is not None:
            results[name], error = "down", repr(future.exception())
        else:
            results[name], error = "ok", None
        if _last_state.get(name, "ok") != results[name]:
            if error:
                logger.error("Health check: %s is down (%s)", name, error)
            else:
                logger.warning("Health check: %s is back", name)
        _last_state[name] = results[name]
    return results


@never_cache
@require_safe
def health(request):
    checks = run_checks()
    down = [name for name, state in checks.items() if state != "ok"]
    body = {"status": "down" if down else "ok", "checks": checks}
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)


class HealthProbeFilter(logging.Filter):
    """Drops the log records of a probe: Django's request log (a ``503`` while a service is
    down) and gunicorn's access log (see ``espace_site.logs``)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        path = getattr(request, "path", None) or getattr(record, "path", None)
        return path != HEALTH_PATH
