"""gunicorn's configuration: ``gunicorn -c deploy/gunicorn.conf.py espace_site.wsgi``.

Every value can be overridden from the environment (the same environment file as Django's, see
``.env.example``), so that one file serves staging, production and CI.
"""

import multiprocessing
import os


def _int(name, default):
    return int(os.environ.get(name) or default)


# Where nginx reaches it: a loopback port (default) or a unix socket ("unix:/run/espace/web.sock").
bind = [os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"]

# Processes from the core count, threads inside each: a page spends part of its time waiting on
# PostgreSQL and Redis, so a few threads per process keep the cores busy without more memory.
worker_class = "gthread"
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 4)

# A request that takes longer than this is a bug or a stuck connection: the worker is restarted.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On SIGHUP (graceful reload: new code, same socket) or SIGTERM, workers finish what they serve.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps its upstream connections open: a little longer than nginx's own keepalive.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Workers are recycled now and then (a slow leak never grows), not all at once (jitter).
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# X-Forwarded-Proto is believed from these addresses only (nginx on the same machine by default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

# Logs on stdout/stderr, collected by systemd's journal, as JSON lines like Django's: the access
# log names the request id (also in the response's X-Request-ID header and on every application
# log line) and leaves out the probes of /sante/; it has no client address (nginx's own log has
# it), no query string, user agent or referrer.
logger_class = "espace_site.logs.GunicornLogger"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"

proc_name = "espace-acheteur"
