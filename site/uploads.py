"""Uploads refused while they arrive, so that an oversized file is never written anywhere.

Django writes an upload to a temporary file before any form sees it: a 2 GB "convention" would
fill the disk before the 50 Mo limit was checked. :class:`SizeLimitUploadHandler` goes first in
the request's upload handlers and counts each file's bytes as they come: past the limit, the
file is skipped (its remaining bytes are read and dropped) and noted on the request, while the
other fields of the form are still parsed, so that the form comes back filled in with a clear
error. The web server should still cap the size of a whole request (``client_max_body_size``).

Django only lets a view change its upload handlers before anything reads ``request.POST``, and
the CSRF middleware reads it first: :func:`limit_upload_size` makes the view CSRF-exempt for the
middleware and checks the token itself once the handler is in place.
"""

import functools

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt, csrf_protect

OVERSIZED_ATTRIBUTE = "oversized_uploads"


class SizeLimitUploadHandler(FileUploadHandler):
    """Skip any file larger than ``limit`` bytes, recording its name under its field's in
    ``request.oversized_uploads``; hand every other chunk on to the next handlers."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        setattr(request, OVERSIZED_ATTRIBUTE, {})

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            oversized = getattr(self.request, OVERSIZED_ATTRIBUTE)
            oversized.setdefault(self.field_name, []).append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file


def oversized_uploads(request):
    """``{field name: [file names]}`` of the files skipped for their size (empty when none)."""
    return getattr(request, OVERSIZED_ATTRIBUTE, {})


def limit_upload_size(limit):
    """Decorate a view: files over ``limit`` bytes are skipped as they arrive (see above); the
    CSRF check still applies, after the handler is installed."""

    def decorator(view):
        protected = csrf_protect(view)

        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit))
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator


# Bodies too large for the site: 413 with a French page -------------------------------------


def request_too_large(request):
    return render(request, "413.html", status=413)


class RequestBodyLimitMiddleware:
    """Answer 413 before reading a body larger than ``MAX_REQUEST_BODY_SIZE`` (its announced
    ``Content-Length``); the web server should refuse it first (``client_max_body_size``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_SIZE:
            return request_too_large(request)
        return self.get_response(request)


def bad_request(request, exception):
    """``handler400``: a body over Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (outside files)
    answers 413 with the French page; any other bad request, the French 400 page."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    return defaults.bad_request(request, exception)
