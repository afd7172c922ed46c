"""The offers listing runs a fixed number of queries, whatever the size of the catalogue."""

import pytest

from catalogue.choices import DocumentVisibility
from tests.api.helpers import OFFER_FIELDS, OFFER_TYPE, PAGES_URL
from tests.factories.catalogue import (
    HolderFactory,
    LotFactory,
    OfferPageDocumentFactory,
    OfferPageFactory,
    PurchaseFamilyFactory,
    SectorPageFactory,
)

pytestmark = pytest.mark.django_db

MAX_LISTING_QUERIES = 12


@pytest.fixture
def make_offers(catalogue_index):
    """Build ``count`` offers, each with two lots of two holders, a public and a restricted
    document."""

    def make(count):
        sector = SectorPageFactory(
            parent=catalogue_index, family=PurchaseFamilyFactory(slug="biomedical")
        )
        holders = HolderFactory.create_batch(3)
        for index in range(count):
            offer = OfferPageFactory(parent=sector, title=f"Échographe {index}")
            LotFactory(offer=offer, number=1, holder=holders[index % 3])
            LotFactory(offer=offer, number=2, holder=holders[(index + 1) % 3])
            OfferPageDocumentFactory(page=offer, sort_order=0)
            OfferPageDocumentFactory(
                page=offer, sort_order=1, document__visibility=DocumentVisibility.MEMBERS
            )
        return sector

    return make


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize(
    "params",
    [
        {"fields": OFFER_FIELDS},
        {"fields": "*"},
        {"fields": OFFER_FIELDS, "famille": "biomedical", "mode": "intermediaire"},
        {"fields": OFFER_FIELDS, "statut": "disponible", "order": "-start_date", "offset": 5},
        {"fields": OFFER_FIELDS, "search": "échographe", "famille": "biomedical"},
    ],
    ids=["fields", "all-fields", "filtered", "ordered", "searched"],
)
def test_offers_listing_query_count_does_not_grow(
    client, make_offers, django_assert_max_num_queries, count, params
):
    make_offers(count)

    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        response = client.get(PAGES_URL, {"type": OFFER_TYPE, "limit": 20, **params})

    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == min(20, count - int(params.get("offset", 0)))
    assert all(len(item["holders"]) == 2 for item in items)
    assert all(len(item["documents"]) == 1 for item in items)


@pytest.mark.parametrize("count", [10, 200])
def test_offer_detail_query_count_does_not_grow(
    client, make_offers, django_assert_max_num_queries, count
):
    sector = make_offers(count)
    offer = sector.get_children().last()

    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        response = client.get(f"{PAGES_URL}{offer.pk}/")

    assert response.status_code == 200
    assert len(response.json()["documents"]) == 1


def test_listing_of_all_page_types_does_not_grow(
    client, make_offers, django_assert_max_num_queries
):
    make_offers(30)

    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        response = client.get(PAGES_URL, {"limit": 20})

    assert response.status_code == 200
    assert len(response.json()["items"]) == 20
