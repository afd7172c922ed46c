"""The catalogue's full-text search: Wagtail's search backend ranks, counts the families (facets)
and gives one page of offers."""

import pytest
from wagtail.images.tests.utils import get_test_image_file
from wagtail.search.backends import get_search_backend

from catalogue.models import OfferPage
from catalogue.views import published_offers
from tests.catalogue.conftest import add_offers

pytestmark = pytest.mark.django_db


def shown_pks(client, params):
    response = client.get("/offres/", params)
    assert response.status_code == 200
    return [offer.pk for offer in response.context["offers"]]


@pytest.mark.parametrize("query", ["maintenance", "offre", "masse", "offre masse", "titres"])
def test_a_search_shows_the_backends_ranking(client, catalogue, query):
    add_offers(catalogue.sectors["biomedical"], 15)
    add_offers(catalogue.sectors["equipements"], 10, start=15)
    OfferPage.objects.filter(title="Offre de masse 3").update(title="Offre de masse masse 3")
    get_search_backend().add(OfferPage.objects.get(title="Offre de masse masse 3"))

    expected = [offer.pk for offer in published_offers().search(query, operator="and")]

    assert expected  # every query finds something
    assert shown_pks(client, {"q": query}) == expected[:20]


def test_a_search_keeps_the_other_filters(client, catalogue):
    add_offers(catalogue.sectors["biomedical"], 4)
    add_offers(catalogue.sectors["equipements"], 3, start=4)

    response = client.get("/offres/", {"q": "masse", "famille": "equipements-generaux"})

    assert response.context["result_count"] == 3
    assert {offer.family.slug for offer in response.context["offers"]} == {"equipements-generaux"}


def test_a_search_ignores_other_indexed_models_sharing_an_id(client, catalogue):
    from wagtail.images.models import Image

    offer = catalogue.offers["irm"]
    image = Image.objects.create(id=offer.pk, title="Gants stériles", file=get_test_image_file())
    get_search_backend().add(image)

    assert get_search_backend().search("stériles", Image).count() == 1

    assert shown_pks(client, {"q": "stériles"}) == []


def test_a_search_is_paginated_and_counted_by_family(client, catalogue):
    add_offers(catalogue.sectors["biomedical"], 15)
    add_offers(catalogue.sectors["equipements"], 10, start=15)

    first = client.get("/offres/", {"q": "masse"})
    second = client.get("/offres/", {"q": "masse", "page": 2})
    family = client.get("/offres/", {"q": "masse", "famille": "equipements-generaux"})

    assert first.context["result_count"] == 25
    assert len(first.context["offers"].object_list) == 20
    assert len(second.context["offers"].object_list) == 5
    shown = [offer.pk for offer in first.context["offers"]] + [
        offer.pk for offer in second.context["offers"]
    ]
    assert shown == [offer.pk for offer in published_offers().search("masse", operator="and")]
    counts = {f["family"].slug: f["count"] for f in first.context["family_facets"]}
    assert counts == {"biomedical": 15, "equipements-generaux": 10}
    assert family.context["result_count"] == 10
    assert {offer.family.slug for offer in family.context["offers"]} == {"equipements-generaux"}
    assert "— page 1 sur 2" in first.content.decode()


def test_a_search_beyond_the_last_page_shows_the_last_page(client, catalogue):
    add_offers(catalogue.sectors["biomedical"], 25)

    response = client.get("/offres/", {"q": "masse", "page": 99})

    assert response.status_code == 200
    assert response.context["offers"].number == 2
    assert len(response.context["offers"].object_list) == 5


@pytest.mark.postgres
def test_postgresql_matches_the_search_text_through_an_index(catalogue):
    """The backend filters on ``(title || body) @@ query``: an index on that very expression
    (migration catalogue 0002) lets PostgreSQL use it instead of reading every entry."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["catalogue_search_title_body_gin"],
        )
        (definition,) = cursor.fetchone()
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('gants')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())

    assert "gin" in definition and "(title || body)" in definition
    assert "catalogue_search_title_body_gin" in plan
