"""The help pages run a bounded number of queries, whatever the number of items they list."""

import datetime

import pytest
from django.utils import timezone

from help.choices import Region
from tests.factories.help import (
    HelpPageFactory,
    RegionalCorrespondentFactory,
    WebconferencePageFactory,
)

pytestmark = pytest.mark.django_db

# Measured: Wagtail's routing, site and view-restriction checks take about nine of these; the
# rest is the page's own listings, each one query whatever its length.
MAX_QUERIES = {"webconferences": 13, "contacts": 10, "help_index": 15, "help_page": 11}


@pytest.fixture(params=[5, 100], ids=["5-items", "100-items"])
def count(request):
    return request.param


def test_webconference_index(client, webconference_index, count, django_assert_max_num_queries):
    now = timezone.now()
    for index in range(count):
        WebconferencePageFactory(
            parent=webconference_index,
            starts_at=now + datetime.timedelta(days=index - count // 2, hours=1),
            replay_url="https://r.example/" if index % 2 else "",
        )

    with django_assert_max_num_queries(MAX_QUERIES["webconferences"]):
        response = client.get("/aide/webconferences/")

    assert response.status_code == 200
    assert response.content.count(b'class="webconference__title"') == min(count // 2, 10) + (
        count - count // 2
    )


def test_contact_page(client, contact_page, count, django_assert_max_num_queries):
    regions = list(Region)
    for index in range(count):
        RegionalCorrespondentFactory(region=regions[index % len(regions)])

    with django_assert_max_num_queries(MAX_QUERIES["contacts"]):
        response = client.get("/aide/contacts/")

    assert response.status_code == 200
    assert response.content.count(b"<tr>") == count + 1


def test_help_index(client, page_tree, help_sections, count, django_assert_max_num_queries):
    for _ in range(count):
        HelpPageFactory(parent=help_sections["offers"])

    with django_assert_max_num_queries(MAX_QUERIES["help_index"]):
        response = client.get("/aide/")

    assert response.status_code == 200
    assert response.content.count(b'href="/aide/offres/article-') == count


def test_help_page(client, help_sections, count, django_assert_max_num_queries):
    for _ in range(count):
        HelpPageFactory(parent=help_sections["offers"])

    with django_assert_max_num_queries(MAX_QUERIES["help_page"]):
        response = client.get("/aide/offres/")

    assert response.status_code == 200
    assert response.content.count(b'href="/aide/offres/article-') == count
