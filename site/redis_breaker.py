"""A circuit breaker for the cache's connections to Redis (django-redis'
``CONNECTION_POOL_CLASS``).

A Redis that does not answer costs every cache call its full socket timeout, and a page makes
some twenty calls: seconds per page while it hangs. Once a connection to a server fails (refused,
timed out, closed), every connection of this process to that server fails at once, without the
network, for ``breaker_seconds``; then one call tries again. django-redis turns these failures
into misses (``IGNORE_EXCEPTIONS``), so a page costs one timeout per interval, not one per call.
"""

import time

import redis
from redis.connection import Connection

#: Seconds the cache is not tried again after a failure (``CONNECTION_POOL_KWARGS`` may change it).
BREAKER_SECONDS = 5.0

FAILURES = (redis.ConnectionError, redis.TimeoutError)

#: ``(host, port)`` -> the monotonic time until which no connection is attempted.
_open_until = {}


def is_open(host, port):
    return time.monotonic() < _open_until.get((host, port), 0.0)


def reset():
    """Close every breaker: the next call tries the server (e.g. once it is known to be back)."""
    _open_until.clear()


class CircuitBreakerConnection(Connection):
    def __init__(self, *args, breaker_seconds=BREAKER_SECONDS, **kwargs):
        super().__init__(*args, **kwargs)
        self.breaker_seconds = breaker_seconds

    def _trip(self):
        _open_until[(self.host, self.port)] = time.monotonic() + self.breaker_seconds

    def connect(self):
        if is_open(self.host, self.port):
            raise redis.ConnectionError(
                f"Redis at {self.host}:{self.port} failed less than "
                f"{self.breaker_seconds} s ago: not tried again yet"
            )
        try:
            super().connect()
        except FAILURES:
            self._trip()
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except FAILURES:
            self._trip()
            raise


class CircuitBreakerConnectionPool(redis.ConnectionPool):
    """Redis' connection pool, its TCP connections behind the breaker."""

    def __init__(self, connection_class=Connection, **kwargs):
        if connection_class is Connection:
            connection_class = CircuitBreakerConnection
        else:
            kwargs.pop("breaker_seconds", None)  # TLS or Unix socket: no breaker
        super().__init__(connection_class=connection_class, **kwargs)
