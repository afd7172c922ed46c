"""Structured logs: one JSON line per record, naming the request and the account behind it.

:class:`RequestIdMiddleware` (first in ``MIDDLEWARE``) takes the request id that nginx or the
client sent in ``X-Request-ID`` when it looks like one, makes one otherwise, sends it back in the
response's ``X-Request-ID`` and keeps the request at hand for :class:`RequestContextFilter`, which
puts its id and the account's id on every record logged meanwhile. Nothing else about the person
is written: no e-mail address, name or client address (nginx's log has the address); the request
object that Django's request log carries is left out of the line.

:class:`GunicornLogger` writes gunicorn's access log the same way and leaves out the probes of
``/sante/``.

:class:`OncePerInterval` lets one record of a kind through per interval (an unreachable cache
fails every call of every request: it is said once a minute).
"""

import contextvars
import logging
import re
import threading
import time
import uuid

from gunicorn import glogging
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
#: What a request id sent by a client must look like to be kept (nginx's are 32 hex digits).
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,99}")
HEALTH_PATH = "/sante/"

current_request = contextvars.ContextVar("current_request", default=None)


def incoming_request_id(value):
    """The request id sent by the client or the proxy if it is sane, else a new one."""
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = incoming_request_id(request.headers.get(REQUEST_ID_HEADER))
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


def account_id(request):
    """The id of the request's account, or ``None``. Asked only when a line is written, so that
    a request that logs nothing never loads its session for the logs' sake."""
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except Exception:  # the session store is down: the line is written without the account
        return None


class RequestContextFilter(logging.Filter):
    """Puts the request id and the account id on the record (``None`` outside a request).

    Django's request log (a 404, a 500) writes once the middleware are done: its record carries
    the request itself."""

    def filter(self, record):
        request = getattr(record, "request", None) or current_request.get()
        if getattr(record, "request_id", None) is None:
            record.request_id = getattr(request, "request_id", None)
        if getattr(record, "account_id", None) is None:
            record.account_id = account_id(request)
        return True


class JsonFormatter(BaseJsonFormatter):
    """python-json-logger's formatter with the project's fields, leaving out the request object
    (Django's request log attaches it: its text carries the query string)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        super().__init__(
            "%(levelname)s %(name)s %(message)s %(request_id)s %(account_id)s", *args, **kwargs
        )


class GunicornLogger(glogging.Logger):
    """gunicorn's logger: the access log as JSON lines with the request id, without the
    probes of ``/sante/``."""

    def setup(self, cfg):
        super().setup(cfg)
        formatter = JsonFormatter()
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") == HEALTH_PATH or not self.access_log_enabled:
            return
        headers = {name.lower(): value for name, value in resp.headers}
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        self.access_log.info(
            "%s %s %s",
            environ.get("REQUEST_METHOD"),
            environ.get("PATH_INFO"),
            status,
            extra={
                "request_id": headers.get("x-request-id"),
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "status": int(status),
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
            },
        )


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
