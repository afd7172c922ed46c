"""The project's own middleware."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

#: Seconds a client is asked to wait before trying again when the database is unreachable.
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """The database unreachable (server stopped, restarting, out of reach) is a temporary outage,
    not a bug: the visitor gets a French « service indisponible » page (503) with
    ``Retry-After`` instead of a 500. The request's transaction is lost with its connection, so
    nothing it wrote is kept (and a session is never saved with a 5xx answer).

    The page is rendered without the request: no context processor may query the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if settings.DEBUG:
            return None  # the developer's traceback (SQLite also says "no such table" so)
        logger.error("Database unavailable (%s): %s", type(exception).__name__, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
