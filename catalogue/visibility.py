"""The one public-page filter of the site, and the view restrictions read once per content version.

Wagtail's ``PageQuerySet.public()`` and ``Page.get_view_restrictions()`` read the restrictions
each time they are called; here the private sections (Wagtail's ``private_q()``) and the paths
each restriction applies under are read once per content version, which every change of a
restriction, a move and a deletion of a page moves on (``catalogue.signals``). A page added
under a private section is private at once: the sections are matched by path.
"""

from wagtail.models import Page, PageViewRestriction

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


def _read_restricted_paths():
    """``(path, restriction id)`` for each view restriction: the path of its page, and the
    path of each alias of that page (Wagtail applies a source's restrictions to its aliases)."""
    restrictions = list(PageViewRestriction.objects.values_list("page_id", "page__path", "pk"))
    aliases = Page.objects.filter(alias_of_id__in={page_id for page_id, _, _ in restrictions})
    alias_paths = {}
    for source_id, path in aliases.values_list("alias_of_id", "path"):
        alias_paths.setdefault(source_id, []).append(path)
    return [
        (path, pk)
        for page_id, page_path, pk in restrictions
        for path in (page_path, *alias_paths.get(page_id, ()))
    ]


def restricted_paths():
    """The paths under which each view restriction applies, read once per content version."""
    return cached_for_content(None, "restricted-paths", _read_restricted_paths)


class CachedViewRestrictionsMixin:
    """Page models whose ``get_view_restrictions()`` (Wagtail's public hook, called before a page
    is served) reads the restrictions once per content version rather than the page's
    ancestors and their restrictions on every request: a page outside every restricted
    section runs no query, a page inside one reads its restrictions by id.

    Same answer as Wagtail's: the restrictions of the page and of its ancestors, an alias
    following those of its source. Still a queryset, for the admin's privacy views.
    """

    def get_view_restrictions(self):
        ids = [pk for path, pk in restricted_paths() if self.path.startswith(path)]
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)
