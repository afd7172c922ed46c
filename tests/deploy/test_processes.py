"""The process configuration in deploy/: gunicorn's file, the Procfile, the client's address."""

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from gunicorn.config import Config

REPO = Path(__file__).resolve().parents[2]
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"


def gunicorn_config(monkeypatch, **environ):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_BIND", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    namespace = {"__file__": str(GUNICORN_CONF)}
    exec(compile(GUNICORN_CONF.read_text(), str(GUNICORN_CONF), "exec"), namespace)  # noqa: S102
    config = Config()
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_gunicorn_workers_follow_the_core_count(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert config.workers == 2 * multiprocessing.cpu_count() + 1
    assert config.threads == 4
    assert config.worker_class_str == "gthread"
    assert config.bind == ["127.0.0.1:8000"]
    assert config.timeout == 30 and config.graceful_timeout == 30
    assert config.max_requests > 0 and config.max_requests_jitter > 0


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    config = gunicorn_config(
        monkeypatch,
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="8",
        GUNICORN_BIND="unix:/run/espace/web.sock",
        GUNICORN_TIMEOUT="12",
    )
    assert (config.workers, config.threads, config.timeout) == (3, 8, 12)
    assert config.bind == ["unix:/run/espace/web.sock"]


def test_the_access_log_is_the_projects_json_logger(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert config.logger_class.__name__ == "GunicornLogger"
    assert config.accesslog == "-"


def test_the_procfile_starts_web_worker_and_beat():
    lines = (REPO / "Procfile").read_text().splitlines()
    processes = dict(
        line.split(":", 1) for line in lines if line.strip() and not line.startswith("#")
    )
    assert set(processes) == {"web", "worker", "beat"}
    assert "-c deploy/gunicorn.conf.py espace_site.wsgi" in processes["web"]
    assert "celery -A espace_site worker" in processes["worker"]
    assert "celery -A espace_site beat" in processes["beat"]


CLIENT_ADDRESS = """
import django, json
django.setup()
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
print(json.dumps(get_client_ip_address(request)))
"""


def client_address(use_x_forwarded_for):
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "espace_site.settings.test",
        "USE_X_FORWARDED_FOR": use_x_forwarded_for,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CLIENT_ADDRESS],
        env=environ,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_behind_nginx_the_client_address_is_the_forwarded_one():
    """The login throttle (django-axes) counts failures per client address: behind nginx it must
    be the one nginx saw, not nginx's own."""
    assert client_address("true") == "203.0.113.9"


def test_without_a_proxy_a_forwarded_header_is_not_believed():
    assert client_address("false") == "127.0.0.1"
