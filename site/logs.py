"""Logging helpers named in ``LOGGING`` (``site/settings/base.py``); no Django import here, as
logging is configured before the apps are loaded."""

import logging
import threading
import time


class OncePerInterval(logging.Filter):
    """Let one record of a kind through per ``interval`` seconds and drop the repeats.

    A kind is the logger and the message's format string, so an outage (Redis unreachable on
    every request) is logged once a minute rather than once per cache call. The next record let
    through says how many were dropped in between.
    """

    def __init__(self, interval=60, clock=time.monotonic):
        super().__init__()
        self.interval = interval
        self.clock = clock
        self._lock = threading.Lock()
        self._kinds = {}  # (logger, msg) -> [time let through, records dropped since]

    def filter(self, record):
        kind = (record.name, str(record.msg))
        now = self.clock()
        with self._lock:
            seen = self._kinds.get(kind)
            if seen is not None and now - seen[0] < self.interval:
                seen[1] += 1
                return False
            dropped = seen[1] if seen else 0
            self._kinds[kind] = [now, 0]
        if dropped:
            record.msg = f"{record.msg} (repeated {dropped} times in the last {self.interval} s)"
        return True

    def reset(self):
        """Forget every kind seen: the next record of each is let through."""
        with self._lock:
            self._kinds.clear()
