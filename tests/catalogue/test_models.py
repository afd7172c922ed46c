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
