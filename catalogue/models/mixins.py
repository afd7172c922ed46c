"""What the site's page models share to be served fast, through Wagtail's public hooks."""

import hashlib

from django.apps import apps
from wagtail.url_routing import RouteResult

from espace_site.cache import get_for_content, set_for_content


class CachedRouteMixin:
    """For the page at the root of a site: the page that Wagtail's routing found for a path is
    remembered under the content version, and read back directly (its specific row, one query)
    instead of walking the tree again (two queries per level).

    Wagtail's own ``route()`` finds every page the first time, and every path it does not know
    yet (a page added, a 404, a page type answering with arguments of its own, which is never
    remembered). A page read back must still be live and at that very path, or Wagtail routes
    again: a slug changed or a page unpublished without a publication signal is never served
    from a stale entry.
    """

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        digest = hashlib.md5(url_path.encode(), usedforsecurity=False).hexdigest()
        name = f"page-route:{self.pk}:{digest}"
        if found := get_for_content(request, name):
            model = apps.get_model(found[0])
            page = model.objects.filter(pk=found[1], url_path=url_path, live=True).first()
            if page is not None:
                return RouteResult(page)
        result = super().route(request, path_components)
        page, args, kwargs = result
        if not args and not kwargs and page.url_path == url_path:
            set_for_content(request, name, (page._meta.label, page.pk))
        return result
