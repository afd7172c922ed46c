"""The load test's settings: production's, plus the bare view of benchmarks/bench_urls.py (the
unit the anonymous pages are compared with, served by the same gunicorn)."""

from espace_site.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"

# Plain HTTP on the loopback: the cookies must come back without TLS.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
