"""A whole-page cache for anonymous visitors, purged every time content is published.

Only requests without a session cookie are served from the cache, and only responses that
set no cookie and are not marked private are stored, so nothing personal is ever shared.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import cc_delim_re

VERSION_KEY = "page-cache:version"
CACHED_PREFIXES_EXCLUDED = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/")


def purge_page_cache(**kwargs):
    """Invalidate every cached page at once by moving to a new key version."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.PAGE_CACHE_SECONDS
        if not timeout or not self._is_cacheable_request(request):
            return self.get_response(request)
        version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
        key = f"page-cache:{version}:{request.method}:{request.get_full_path()}"
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if self._is_cacheable_response(response):
            cache.set(key, response, timeout)
        return response

    @staticmethod
    def _is_cacheable_request(request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(CACHED_PREFIXES_EXCLUDED)
        )

    @staticmethod
    def _is_cacheable_response(response):
        if response.status_code != 200 or response.cookies or response.streaming:
            return False
        directives = {
            d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
        return not ({"private", "no-store", "no-cache"} & directives) and "cookie" not in vary
