"""The one pagination of the site: Django's paginator, and its elided page range for the links.

Every list (catalogue, filières, replays, contracts, questions, notifications, subscriptions)
goes through :func:`paginate` and renders ``components/pagination.html``.
"""

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

ON_EACH_SIDE = 2
ON_ENDS = 1


class CountedPaginator(Paginator):
    """A paginator told its count, when the caller already has it (one query fewer)."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def page_window(page_obj):
    """Page numbers to link, with ``None`` for the gaps: 1 … 4 5 [6] 7 8 … 20."""
    elided = page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=ON_EACH_SIDE, on_ends=ON_ENDS
    )
    return [None if number == Paginator.ELLIPSIS else number for number in elided]


def paginate(items, page_number, per_page, count=None):
    """``(page, window)``: the page asked for (the first or last one on a garbage or
    out-of-range number) and the numbers to link."""
    if count is None:
        paginator = Paginator(items, per_page)
    else:
        paginator = CountedPaginator(items, per_page, count)
    page_obj = paginator.get_page(page_number)
    return page_obj, page_window(page_obj)


def page_of(items, number, per_page, count):
    """``(page, window)`` for ``items`` already cut to page ``number`` of ``count`` (read from a
    cache, for instance)."""
    page_obj = Page(items, number, CountedPaginator(items, per_page, count))
    return page_obj, page_window(page_obj)
