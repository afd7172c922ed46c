"""The reverse proxy's cache (Varnish, nginx), purged on publication through Wagtail's
``frontend_cache`` app and its HTTP purge backend (``FRONTEND_CACHE_PURGE_URL``).

Wagtail purges the published (or unpublished) page itself, each of its ``get_cached_paths()``.
What else shows it is purged here, once the publication is committed: its ancestors (the home
page, the catalogue with its filtered and paginated listings, the offer's filière with its
pages), the offer calendar, and the pages API's answers about it.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from .models import CatalogueIndexPage, OfferCalendarPage


def is_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def pages_around(page):
    """The live pages besides ``page`` that list or link to it."""
    ancestors = page.get_ancestors().filter(depth__gt=1).live().specific()
    pages = list(ancestors)
    catalogues = [each for each in pages if isinstance(each, CatalogueIndexPage)]
    for catalogue in catalogues:
        pages += OfferCalendarPage.objects.live().child_of(catalogue).exclude(pk=page.pk)
    return pages


def api_urls(page):
    """The pages API's answers that name ``page``: its detail, the listing, the listing of its
    type and of its parent's children."""
    site = page.get_site()
    if site is None:
        return []
    root = site.root_url
    listing = reverse("wagtailapi:pages:listing")
    page_type = f"{page.specific_class._meta.app_label}.{page.specific_class.__name__}"
    urls = [
        f"{root}{reverse('wagtailapi:pages:detail', args=[page.pk])}",
        f"{root}{listing}",
        f"{root}{listing}?type={page_type}",
    ]
    parent = page.get_parent()
    if parent is not None:
        urls.append(f"{root}{listing}?child_of={parent.pk}")
    return urls


def urls_around(page):
    batch = PurgeBatch()
    batch.add_pages(pages_around(page))
    batch.add_urls(api_urls(page))
    return batch.urls


def purge_around(page):
    batch = PurgeBatch(urls_around(page))
    batch.purge()


def purge_around_on_commit(sender, instance, **kwargs):
    """A ``page_published``/``page_unpublished`` receiver (connected in ``catalogue.signals``)."""
    if is_configured():
        transaction.on_commit(lambda: purge_around(instance))
