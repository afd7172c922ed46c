"""The one public-page filter of the site: live pages outside every private section.

Wagtail's ``PageQuerySet.public()`` reads every view restriction each time it is called; here
the private sections (Wagtail's ``private_q()``) are read once per content version, which every
change of a restriction, a move and a deletion of a page moves on (``catalogue.signals``). A
page added under a private section is private at once: the sections are filtered by path.
"""

from wagtail.models import Page

from espace_site.cache import cached_for_content


def private_sections_q(request=None):
    """Wagtail's ``private_q()``: the pages in a private section, or in none when there is none."""
    return cached_for_content(request, "private-sections", Page.objects.private_q)


def public_pages(queryset=None, request=None):
    """``queryset`` (every page by default) narrowed to its live pages outside every private
    section: Wagtail's ``live().public()``."""
    if queryset is None:
        queryset = Page.objects.all()
    return queryset.live().exclude(private_sections_q(request))
