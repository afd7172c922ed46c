"""The public catalogue pages run the same few queries with 10 offers as with 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.catalogue.conftest import add_offers

pytestmark = pytest.mark.django_db

# The benchmark's budget per page (routing and view restrictions included).
MAX_QUERIES = 12

URLS = [
    "/offres/",
    "/offres/?famille=biomedical&mode=grossiste&statut=disponible",
    "/offres/?q=offre",
    "/offres/?q=masse&famille=biomedical&page=2",
    "/offres/?q=2024-M",
    "/offres/biomedical/",
    "/offres/biomedical/?page=3",
    "/offres/equipements-generaux/titres-restaurant/",
    "/offres/biomedical/retro-alveolaire/",
]


def count_queries(client, django_assert_max_num_queries):
    counts = {}
    for url in URLS:
        client.get(url)  # warm the per-process caches (content types, site root paths)
        with django_assert_max_num_queries(MAX_QUERIES), CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(ctx)
    return counts


def test_query_counts_do_not_grow_with_the_catalogue(
    client, catalogue, django_assert_max_num_queries
):
    add_offers(catalogue.sectors["biomedical"], 5)
    add_offers(catalogue.sectors["equipements"], 5, start=5)
    with_10 = count_queries(client, django_assert_max_num_queries)

    add_offers(catalogue.sectors["biomedical"], 245, start=10)
    add_offers(catalogue.sectors["equipements"], 245, start=255)
    with_500 = count_queries(client, django_assert_max_num_queries)

    assert client.get("/offres/").context["result_count"] == 504
    assert with_500 == with_10


def test_a_logged_in_visitor_costs_the_same_few_queries(
    client, catalogue, django_user_model, django_assert_max_num_queries
):
    client.force_login(django_user_model.objects.create_user("acheteur", password="x"))
    add_offers(catalogue.sectors["biomedical"], 30)

    # The session and the user, then the user's permissions (model and collection rights, read
    # once for all the restricted documents of an offer) add five queries to the anonymous budget.
    for url in URLS:
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES + 5):
            assert client.get(url).status_code == 200


# What each page costs once the per-process caches and the values kept per content version (the
# families, the view restrictions, the page found for each path, an offer's documents, the
# facet counts and the ids of each page of results, the template fragments) are warm: Wagtail's
# site (1), the home page (1) and the page served (1). The offers of a list are read (1) only
# when their cards are rendered: an anonymous visitor's list is a cached fragment.
BUDGETS = {
    "/offres/equipements-generaux/titres-restaurant/": 3,
    "/offres/": 3,
    "/offres/?famille=biomedical&mode=grossiste&statut=disponible": 3,
    "/offres/?q=offre": 3,
    "/offres/biomedical/": 3,
}


@pytest.mark.parametrize(("url", "budget"), BUDGETS.items())
def test_each_page_keeps_to_its_query_budget(
    client, catalogue, django_assert_max_num_queries, url, budget
):
    add_offers(catalogue.sectors["biomedical"], 30)
    client.get(url)

    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
