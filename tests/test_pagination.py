"""The one pagination of the site (espace_site.pagination)."""

import pytest
from wagtail.models import Page

from espace_site.pagination import paginate


@pytest.mark.parametrize(
    ("number", "window"),
    [
        ("6", [1, None, 4, 5, 6, 7, 8, None, 20]),
        ("1", [1, 2, 3, None, 20]),
        ("20", [1, None, 18, 19, 20]),
    ],
)
def test_the_window_links_both_ends_and_two_pages_around_the_current_one(number, window):
    page, links = paginate(list(range(200)), number, per_page=10)
    assert page.number == int(number)
    assert links == window


@pytest.mark.parametrize("garbage", ["abc", "-1", "999", "", None, "1e9"])
def test_a_garbage_page_number_gives_a_real_page(garbage):
    page, links = paginate(list(range(200)), garbage, per_page=10)
    assert page.number in (1, 20)
    assert page.number in links


@pytest.mark.django_db
def test_a_known_count_is_not_counted_again(django_assert_num_queries):
    with django_assert_num_queries(1):  # the page's rows only, no COUNT
        page, links = paginate(Page.objects.order_by("pk"), "2", per_page=20, count=45)
        list(page)
    assert page.paginator.num_pages == 3
    assert links == [1, 2, 3]
