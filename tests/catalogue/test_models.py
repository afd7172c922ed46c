import datetime

import pytest

from catalogue.choices import OfferStatus
from catalogue.models import OfferPage
from tests.factories.catalogue import OfferPageFactory, SectorPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2024, 1, 14), OfferStatus.UPCOMING),
        (datetime.date(2024, 1, 15), OfferStatus.AVAILABLE),
        (datetime.date(2027, 11, 1), OfferStatus.AVAILABLE),
        (datetime.date(2027, 11, 2), OfferStatus.EXPIRED),
    ],
)
def test_status_is_computed_from_the_dates(catalogue_index, today, expected):
    sector = SectorPageFactory(parent=catalogue_index)
    offer = OfferPageFactory(
        parent=sector, start_date=datetime.date(2024, 1, 15), end_date=datetime.date(2027, 11, 1)
    )

    assert offer.get_status(today) == expected
    assert list(OfferPage.objects.with_status(expected, today=today)) == [offer]


def test_an_offer_takes_the_family_of_its_filiere(catalogue_index):
    sector = SectorPageFactory(parent=catalogue_index)

    offer = OfferPageFactory(parent=sector)

    assert offer.family == sector.family


def test_an_offer_read_from_the_database_is_complete(catalogue, django_assert_num_queries):
    from django.contrib.contenttypes.models import ContentType

    pk = catalogue.offers["titres"].pk
    expected = OfferPage.objects.filter(pk=pk).values().get()

    offer = OfferPage.objects.get(pk=pk)
    assert {name: getattr(offer, name) for name in expected} == expected
    assert offer._state.adding is False and offer._state.db == "default"
    assert offer.content_type == ContentType.objects.get_for_model(OfferPage)

    partial = OfferPage.objects.only("title").get(pk=pk)
    with django_assert_num_queries(1):  # a deferred field is read when asked for
        assert partial.summary == expected["summary"]


def test_a_new_offer_is_still_built_by_the_page_constructors(catalogue):
    from catalogue.models import OfferPageDocument

    offer = OfferPage(title="Nouvelle offre", documents=[OfferPageDocument(sort_order=3)])

    assert offer.content_type.model == "offerpage"  # Wagtail's constructor
    assert [link.sort_order for link in offer.documents.all()] == [3]  # modelcluster's
