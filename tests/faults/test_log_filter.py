"""The filter that logs a failure once per interval rather than once per request."""

import logging

from espace_site.logs import OncePerInterval


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


def record(msg="Exception ignored", name="espace_site.cache.redis"):
    return logging.LogRecord(name, logging.ERROR, __file__, 1, msg, None, None)


def test_one_record_of_a_kind_per_interval_then_the_count_of_the_dropped():
    clock = Clock()
    once = OncePerInterval(interval=60, clock=clock)
    assert once.filter(record())
    assert not once.filter(record())
    assert not once.filter(record())
    assert once.filter(record("Another message"))  # another kind
    clock.now += 61
    next_one = record()
    assert once.filter(next_one)
    assert next_one.getMessage() == "Exception ignored (repeated 2 times in the last 60 s)"
    assert not once.filter(record())
