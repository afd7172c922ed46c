"""Fixtures of the fault tests: a Redis server of the test's own carrying the site's cache and
the Celery broker (as in production), and the buyers' world."""

import logging
import time

import pytest

from espace_site.settings.base import DJANGO_REDIS_LOGGER, redis_cache
from tests.buyer_space.conftest import login, world  # noqa: F401 (fixtures)
from tests.integration.helpers import restore_broker, use_broker

from .servers import RedisServer


@pytest.fixture
def redis_server(tmp_path):
    """A ``redis-server`` of the test's own, started; the test may stop and restart it."""
    server = RedisServer(tmp_path).start()
    yield server
    server.close()


@pytest.fixture
def cache_logger():
    """The logger of the cache's ignored errors, its once-a-minute filter forgotten."""
    logger = logging.getLogger(DJANGO_REDIS_LOGGER)
    for once in logger.filters:
        once.reset()
    return logger


#: The cache's circuit breaker in these tests (5 s in production), so that they stay short.
BREAKER_SECONDS = 0.3


def come_back(server, **options):
    """Restart ``server`` and wait for the breaker to let the cache try it again."""
    server.start(**options)
    time.sleep(BREAKER_SECONDS)


@pytest.fixture
def redis_site(redis_server, settings, cache_logger):
    """The site with its production cache (django-redis) and broker on the test's own Redis,
    and the anonymous page cache on."""
    settings.CACHES = {"default": redis_cache(redis_server.url, breaker_seconds=BREAKER_SECONDS)}
    settings.PAGE_CACHE_SECONDS = 300
    saved = use_broker(redis_server.url)
    yield redis_server
    restore_broker(saved)
