"""The offers listing runs a fixed number of queries, whatever the size of the catalogue."""

import datetime
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from catalogue.choices import AccessMode, DocumentVisibility
from catalogue.models import CatalogueDocument, Lot, OfferPage, OfferPageDocument
from tests.api.helpers import DOCUMENTS_URL, OFFER_FIELDS, OFFER_TYPE, PAGES_URL
from tests.factories.catalogue import (
    CatalogueDocumentFactory,
    HolderFactory,
    PurchaseFamilyFactory,
    SectorPageFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12

LISTINGS = {
    "fields": {"fields": OFFER_FIELDS},
    "all-fields": {"fields": "*"},
    "filtered": {"fields": OFFER_FIELDS, "famille": "biomedical", "mode": "intermediaire"},
    "ordered": {"fields": OFFER_FIELDS, "statut": "disponible", "order": "-start_date"},
    "searched": {"fields": OFFER_FIELDS, "search": "échographe", "famille": "biomedical"},
    "paged": {"fields": OFFER_FIELDS, "offset": 5},
}


def add_offers(sector, count, start=0):
    """Add ``count`` live offers under ``sector`` in bulk (tree paths computed like treebeard's,
    no revisions, indexed in one pass), each with two lots of two holders, one public and one
    members-only document."""
    today = timezone.localdate()
    content_type = ContentType.objects.get_for_model(OfferPage)
    locale = Locale.get_default()
    holders = [HolderFactory(), HolderFactory()]
    file_name = CatalogueDocumentFactory().file.name
    sector.refresh_from_db()
    last = sector.get_last_child()
    position = last._get_lastpos_in_path() if last else 0
    pages = []
    for n in range(start, start + count):
        position += 1
        pages.append(
            Page(
                content_type=content_type,
                title=f"Échographe {n}",
                draft_title=f"Échographe {n}",
                slug=f"echographe-{n}",
                path=Page._get_path(sector.path, sector.depth + 1, position),
                depth=sector.depth + 1,
                url_path=f"{sector.url_path}echographe-{n}/",
                live=True,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
        )
    Page.objects.bulk_create(pages)
    Page.objects.filter(pk=sector.pk).update(numchild=F("numchild") + count)
    offers = []
    for n, page in enumerate(pages, start=start):
        offer = OfferPage(
            page_ptr_id=page.pk,
            **{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields},
            reference=f"2024-A{n:05d}-000-000-0000000",
            summary="Une offre parmi d'autres.",
            start_date=today - datetime.timedelta(days=10),
            end_date=today + datetime.timedelta(days=10 + n),
            access_mode=AccessMode.INTERMEDIARY,
            family_id=sector.family_id,
        )
        offer.save_base(raw=True, force_insert=True)
        offers.append(offer)
    Lot.objects.bulk_create(
        Lot(offer=offer, number=number, title=f"Lot {number}", holder=holder)
        for offer in offers
        for number, holder in enumerate(holders, start=1)
    )
    documents = CatalogueDocument.objects.bulk_create(
        CatalogueDocument(title=f"Document {visibility}", file=file_name, visibility=visibility)
        for _ in offers
        for visibility in (DocumentVisibility.PUBLIC, DocumentVisibility.MEMBERS)
    )
    OfferPageDocument.objects.bulk_create(
        OfferPageDocument(page=offer, document=document, sort_order=index % 2)
        for index, (offer, document) in enumerate(
            zip([offer for offer in offers for _ in range(2)], documents, strict=True)
        )
    )
    get_search_backend().add_bulk(OfferPage, offers)
    return offers


@pytest.fixture
def sector(catalogue_index):
    return SectorPageFactory(
        parent=catalogue_index, family=PurchaseFamilyFactory(slug="biomedical")
    )


def measure(client, url, params, django_assert_max_num_queries):
    client.get(url, params)  # warm the per-process caches (content types, site root paths)
    with django_assert_max_num_queries(MAX_QUERIES), CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(ctx), response.json()


def check_listing(data, expected_count):
    items = data["items"]
    assert len(items) == expected_count
    assert all(len(item["holders"]) == 2 for item in items)
    assert all(
        [document["title"] for document in item["documents"]] == ["Document public"]
        for item in items
    )


@pytest.mark.parametrize("listing", LISTINGS)
def test_offers_listing_costs_the_same_queries_at_10_and_200_offers(
    client, sector, django_assert_max_num_queries, listing
):
    params = {"type": OFFER_TYPE, "limit": 20, **LISTINGS[listing]}
    offset = params.get("offset", 0)

    add_offers(sector, 10)
    with_10, data = measure(client, PAGES_URL, params, django_assert_max_num_queries)
    check_listing(data, 10 - offset)

    add_offers(sector, 190, start=10)
    with_200, data = measure(client, PAGES_URL, params, django_assert_max_num_queries)
    check_listing(data, 20)
    assert data["meta"]["total_count"] == 200

    assert with_200 == with_10


def test_offer_detail_costs_the_same_queries_at_10_and_200_offers(
    client, sector, django_assert_max_num_queries
):
    offer = add_offers(sector, 10)[-1]
    with_10, data = measure(client, f"{PAGES_URL}{offer.pk}/", {}, django_assert_max_num_queries)
    assert len(data["holders"]) == 2
    assert [document["title"] for document in data["documents"]] == ["Document public"]

    add_offers(sector, 190, start=10)
    with_200, _ = measure(client, f"{PAGES_URL}{offer.pk}/", {}, django_assert_max_num_queries)

    assert with_200 == with_10


def test_listing_of_all_page_types_stays_within_budget(
    client, sector, django_assert_max_num_queries
):
    add_offers(sector, 30)

    _, data = measure(client, PAGES_URL, {"limit": 20}, django_assert_max_num_queries)

    assert len(data["items"]) == 20


def test_documents_listing_stays_within_budget(client, django_assert_max_num_queries, home_page):
    for index in range(25):
        CatalogueDocumentFactory(title=f"Guide {index}").tags.add("guide", f"tome-{index}")

    _, data = measure(client, DOCUMENTS_URL, {"limit": 20}, django_assert_max_num_queries)

    assert len(data["items"]) == 20
    assert data["items"][0]["meta"]["tags"] == ["guide", "tome-0"]


@pytest.mark.parametrize(
    ("fields", "budget"),
    [
        ("reference", 3),  # the site, the count, the offers
        ("reference,holders", 4),  # + the lots and holders, as plain rows
        (OFFER_FIELDS, 5),  # + the public documents
    ],
)
def test_the_offers_listing_keeps_to_its_query_budget(
    client, sector, django_assert_max_num_queries, fields, budget
):
    add_offers(sector, 30)
    params = {"type": OFFER_TYPE, "limit": 20, "fields": fields}
    client.get(PAGES_URL, params)

    with django_assert_max_num_queries(budget):
        assert client.get(PAGES_URL, params).status_code == 200
