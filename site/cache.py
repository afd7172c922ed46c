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

The cache is an accelerator: when it cannot be reached (Redis down, see ``redis_cache`` in the
settings), every read is a miss and every page is rendered from the database. A purge made while
it is unreachable is owed, not lost: the process retries it before it next reads the version, so
a publication made during an outage never leaves the old pages served once the cache is back (a
Redis that kept its data, or was only out of reach). A process that found the cache unreachable
also moves the version once it answers again, whoever published in between.

The cache must be shared by every process of the site (a purge in one must reach all): ``check
--deploy`` refuses a per-process cache (:func:`check_shared_cache`).

The same middleware tells a reverse proxy what it may keep (:func:`patch_front_cache_headers`):
what this cache would keep is ``public`` for ``FRONT_CACHE_SECONDS``, with the ``Vary`` Django
computed (``Cookie`` wherever the page looked at the visitor); a response to a visitor with a
session, a message or an ``Authorization`` header, or one setting a cookie, is ``private``. A
view that set its own ``Cache-Control`` (``never_cache``, private files) is left as it is. The
proxy's copies are purged on publication by ``catalogue.front_cache``.
"""

import logging
import threading
import time
from contextvars import ContextVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import checks
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_cache_key, learn_cache_key, patch_cache_control

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/")
UNCACHEABLE_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})


def _fresh_version():
    """A version no earlier entry can carry: if the cache loses the version key (a restart, an
    eviction) while old entries survive, counting again from 1 would serve them again."""
    return time.time_ns()


#: Set while this process owes the cache a purge (a purge or a read found it unreachable).
_purge_owed = threading.Event()


def _bump_version():
    """Move the version on; False when the cache could not be reached."""
    try:
        return cache.incr(VERSION_KEY) is not None
    except ValueError:  # no version yet (a restarted or emptied cache)
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)
        return cache.get(VERSION_KEY) is not None


def _settle_version():
    """Bump the version, or remember that this process owes the bump."""
    if _bump_version():
        _purge_owed.clear()
        return True
    _purge_owed.set()
    return False


def _purge_now():
    if not _settle_version():
        logger.warning("Cache unreachable: the page cache will be purged once it is back")


def purge_page_cache(**kwargs):
    """Invalidate every cached page (a signal receiver: it accepts and ignores any argument).

    The version moves now and again once the transaction commits, so that a page rendered by a
    concurrent request from the old content, before the commit, is not served afterwards.
    """
    _purge_now()
    transaction.on_commit(_purge_now)


def purge_owed():
    """True while this process has a purge to make once the cache answers again."""
    return _purge_owed.is_set()


def _read_version():
    if _purge_owed.is_set() and not _settle_version():
        return _fresh_version()  # still unreachable: no cached entry can match
    fresh = _fresh_version()
    version = cache.get_or_set(VERSION_KEY, fresh, timeout=None)
    # ``fresh`` back: just stored (after a restart), or the cache is unreachable.
    if version == fresh and cache.get(VERSION_KEY) is None:
        _purge_owed.set()  # purge once it is back, whatever it then holds
    return version


# What a request has read of the content version: set by AnonymousPageCacheMiddleware for the
# time of each request (a worker thread serves many), unset outside a request.
_request_reads = ContextVar("content_version_reads", default=None)


def content_version(request=None):
    """The version of the published content, which every purge moves on: one cache read per
    request (the page cache, the template fragments, the values of :func:`cached_for_content`
    and the page models' view restrictions all key on it), one per call outside a request. A
    fresh version, matching no entry, while the cache is unreachable."""
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


def patch_front_cache_headers(request, response, cacheable_request):
    """``Cache-Control`` for a reverse proxy and the browsers (see the module's docstring)."""
    if response.has_header("Cache-Control"):
        return
    if cacheable_request and is_cacheable_response(response):
        if settings.FRONT_CACHE_SECONDS:
            patch_cache_control(response, public=True, max_age=settings.FRONT_CACHE_SECONDS)
    elif not cacheable_request or response.cookies:
        patch_cache_control(response, private=True)


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors from the cache; placed before the session middleware. Every
    request through it reads the content version once (:func:`content_version`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_reads.set({})
        try:
            cacheable_request = is_cacheable_request(request)
            response = self._response(request, cacheable_request)
            patch_front_cache_headers(request, response, cacheable_request)
            return response
        finally:
            _request_reads.reset(token)

    def _response(self, request, cacheable_request):
        timeout = settings.PAGE_CACHE_SECONDS
        if not timeout or not cacheable_request:
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


#: Cache backends that each process keeps to itself: a purge in one process reaches no other.
PER_PROCESS_BACKENDS = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """``check --deploy``: the cache must be shared by every process, or a publication or a new
    view restriction purges one process only while the others serve the old page."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_BACKENDS:
        return []
    return [
        checks.Error(
            f"The default cache ({backend}) is not shared between processes: a publication or "
            "a view restriction would purge the page cache of one process only, and the others "
            "would keep serving the old pages, or a section just made private.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0).",
            id="espace_site.E001",
        )
    ]
