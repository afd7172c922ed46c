"""``/offres/calendrier.ics``: each public offer's dates as an all-day event, whole or by family,
with links on the public address; unpublished and private offers stay out."""

import datetime

import pytest
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from tests.factories.catalogue import OfferPageFactory, PurchaseFamilyFactory, SectorPageFactory

pytestmark = pytest.mark.django_db
URL = "/offres/calendrier.ics"


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_calendar_lists_public_offers_with_their_dates(client, catalogue_index, settings):
    settings.PUBLIC_BASE_URL = "https://achats.example"
    family = PurchaseFamilyFactory(slug="biomedical", name="Biomédical")
    offer = OfferPageFactory(
        parent=catalogue_index,
        title="Gants",
        reference="2024-R001",
        family=family,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    OfferPageFactory(parent=catalogue_index, title="Brouillon", live=False)
    events = _events(client.get(URL))
    assert list(events) == ["Offre 2024-R001 – Gants"]
    event = events["Offre 2024-R001 – Gants"]
    assert event["dtstart"].dt == datetime.date(2025, 1, 1)
    assert event["dtend"].dt == datetime.date(2026, 1, 1)  # the day after the last one
    assert str(event["url"]) == f"https://achats.example/offres/{offer.slug}/"
    assert "Biomédical" in str(event["description"])


def test_one_family_and_an_unknown_one(client, catalogue_index):
    mine = PurchaseFamilyFactory(slug="ehpad")
    OfferPageFactory(parent=catalogue_index, title="A", reference="R-A", family=mine)
    OfferPageFactory(parent=catalogue_index, title="B", reference="R-B")
    assert list(_events(client.get(f"{URL}?famille=ehpad"))) == ["Offre R-A – A"]
    assert client.get(f"{URL}?famille=inconnue").status_code == 404


def test_an_offer_of_a_private_section_stays_out(client, catalogue_index):
    sector = SectorPageFactory(parent=catalogue_index)
    PageViewRestriction.objects.create(
        page=sector, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    OfferPageFactory(parent=sector, title="Secret", reference="R-S")
    assert _events(client.get(URL)) == {}


def test_the_calendar_costs_the_same_whatever_the_offers(
    client, catalogue_index, django_assert_max_num_queries
):
    for _ in range(3):
        OfferPageFactory(parent=catalogue_index)
    with django_assert_max_num_queries(6):
        client.get(URL)
    for _ in range(12):
        OfferPageFactory(parent=catalogue_index)
    with django_assert_max_num_queries(6):
        assert len(_events(client.get(URL))) == 15
