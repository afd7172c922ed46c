"""/sante/: database, cache and broker checked; 200 when all answer, 503 naming the one that
does not; never cached, never logged."""

import logging
import time

import pytest
from django.test import Client

from espace_site import health

from .conftest import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_states(monkeypatch):
    monkeypatch.setattr(health, "_last_state", {})


def redis_cache(url):
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def probe():
    started = time.monotonic()
    response = Client().get("/sante/")
    return response, time.monotonic() - started


def test_all_services_up_is_200_json(settings, redis_server):
    settings.CACHES = redis_cache(redis_server.url)
    settings.CELERY_BROKER_URL = redis_server.url
    response, _ = probe()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_dead_broker_is_503_naming_it(settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    response, elapsed = probe()
    assert response.status_code == 503
    assert response.json() == {
        "status": "down",
        "checks": {"database": "ok", "cache": "ok", "broker": "down"},
        "down": ["broker"],
    }
    assert elapsed < settings.HEALTH_CHECK_TIMEOUT + 1


def test_a_stopped_redis_is_503_naming_cache_and_broker(settings, redis_server):
    settings.CACHES = redis_cache(redis_server.url)
    settings.CELERY_BROKER_URL = redis_server.url
    assert probe()[0].status_code == 200

    redis_server.stop()
    response, elapsed = probe()
    assert response.status_code == 503
    assert response.json()["down"] == ["cache", "broker"]
    assert response.json()["checks"]["database"] == "ok"
    assert elapsed < settings.HEALTH_CHECK_TIMEOUT + 1

    redis_server.start()
    assert probe()[0].status_code == 200


def test_a_service_that_hangs_counts_as_down_within_the_timeout(settings, monkeypatch):
    settings.HEALTH_CHECK_TIMEOUT = 0.3
    monkeypatch.setitem(health.CHECKS, "cache", lambda: time.sleep(2))
    response, elapsed = probe()
    assert response.status_code == 503
    assert response.json()["down"] == ["cache"]
    assert elapsed < 1.5


def test_a_probe_is_never_served_from_the_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    assert probe()[0].status_code == 503
    settings.CELERY_BROKER_URL = "memory://"
    assert probe()[0].status_code == 200


def test_only_a_change_of_state_is_logged(settings, caplog):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    with caplog.at_level(logging.WARNING, logger="espace_site.health"):
        probe()
        probe()
        settings.CELERY_BROKER_URL = "memory://"
        probe()
        probe()
    messages = [r.getMessage() for r in caplog.records if r.name == "espace_site.health"]
    assert len(messages) == 2
    assert messages[0].startswith("Health check: broker is down")
    assert messages[1] == "Health check: broker is back"


def test_the_request_log_drops_the_probes_503(rf):
    probe_filter = health.HealthProbeFilter()
    record = logging.LogRecord(
        "django.request", logging.ERROR, "", 0, "Service Unavailable", (), None
    )
    record.request = rf.get("/sante/")
    assert not probe_filter.filter(record)
    record.request = rf.get("/offres/")
    assert probe_filter.filter(record)
