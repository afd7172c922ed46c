"""A whole-page cache for anonymous visitors, purged every time published content changes.

What is cached: the ``200`` answers to ``GET``/``HEAD`` requests that carry no session cookie, no
message cookie and no ``Authorization`` header (so they come from an anonymous visitor), outside
the admin, documents, static and media paths, and only when the response sets no cookie, is not
streamed and is not marked ``private``/``no-store``/``no-cache``.

Responses vary on ``Cookie`` as soon as a template looks at ``request.user`` (the Wagtail user
bar, the header's account links): the cache honours ``Vary`` like Django's own cache middleware,
by keying each entry on the values of the request headers the response varies on. A visitor
without cookies therefore only ever gets a page built for a visitor without cookies.

Purging moves every key to a new version at once (see :func:`purge_page_cache`), which the
catalogue connects to publication, unpublication, deletion and moves of pages and to the changes
of the snippets that pages show.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_cache_key, learn_cache_key

VERSION_KEY = "page-cache:version"
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/")
UNCACHEABLE_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})


def _fresh_version():
    """A version no earlier entry can carry: if the cache loses the version key (a restart, an
    eviction) while old entries survive, counting again from 1 would serve them again."""
    return time.time_ns()


def _bump_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


def purge_page_cache(**kwargs):
    """Invalidate every cached page (a signal receiver: it accepts and ignores any argument).

    The version moves now and again once the transaction commits, so that a page rendered by a
    concurrent request from the old content, before the commit, is not served afterwards.
    """
    _bump_version()
    transaction.on_commit(_bump_version)


# What a request has read of the content version: set by AnonymousPageCacheMiddleware for the
# time of each request (a worker thread serves many), unset outside a request.
_request_reads = ContextVar("content_version_reads", default=None)


def _read_version():
    return cache.get_or_set(VERSION_KEY, _fresh_version, timeout=None)


def content_version(request=None):
    """The version of the published content, which every purge moves on: one cache read per
    request (the page cache, the template fragments, the values of :func:`cached_for_content`
    and the page models' view restrictions all key on it), one per call outside a request."""
    reads = _request_reads.get()
    if reads is None:
        if request is None:
            return _read_version()
        if not hasattr(request, "_content_version"):
            request._content_version = _read_version()
        return request._content_version
    if "version" not in reads:
        reads["version"] = _read_version()
    return reads["version"]


CONTENT_CACHE_SECONDS = 24 * 60 * 60


def cached_for_content(request, name, build):
    """``build()``, kept in the cache under the current content version: read once per
    publication (or per day) rather than on every request. For values that only published
    content decides (the families, an offer's documents), never for what depends on a visitor."""
    return cache.get_or_set(content_key(request, name), build, CONTENT_CACHE_SECONDS)


def content_key(request, name):
    """The cache key of ``name`` under the current content version."""
    return f"{name}:{content_version(request)}"


def get_for_content(request, name):
    """What :func:`set_for_content` kept under ``name`` for this content version, or ``None``."""
    return cache.get(content_key(request, name))


def set_for_content(request, name, value):
    cache.set(content_key(request, name), value, CONTENT_CACHE_SECONDS)


def is_cacheable_request(request):
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(EXCLUDED_PREFIXES)
    )


def is_cacheable_response(response):
    if response.status_code != 200 or response.cookies or response.streaming:
        return False
    directives = {
        d.split("=")[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not (UNCACHEABLE_DIRECTIVES & directives)


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors from the cache; placed before the session middleware. Every
    request through it reads the content version once (:func:`content_version`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_reads.set({})
        try:
            return self.serve(request)
        finally:
            _request_reads.reset(token)

    def serve(self, request):
        timeout = settings.PAGE_CACHE_SECONDS
        if not timeout or not is_cacheable_request(request):
            return self.get_response(request)

        prefix = f"page-cache:{content_version(request)}"
        key = get_cache_key(request, prefix, request.method, cache=cache)
        if key is not None:
            response = cache.get(key)
            if response is not None:
                return response

        response = self.get_response(request)
        if is_cacheable_response(response):
            key = learn_cache_key(request, response, timeout, prefix, cache=cache)
            cache.set(key, stored_copy(response), timeout)
        return response


def stored_copy(response):
    """A plain ``HttpResponse`` with the response's status, headers and content.

    What is kept is only what is sent: an API response would otherwise be pickled with the data
    it was rendered from, and reading it back cost twice as much as the content alone.
    """
    copy = HttpResponse(response.content, status=response.status_code)
    for header, value in response.items():
        copy[header] = value
    return copy
