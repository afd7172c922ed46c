"""Listing and detail of each page type, with the fields the API exposes."""

import datetime

import pytest
from django.utils import timezone

from tests.api.helpers import OFFER_FIELDS, OFFER_TYPE, PAGES_URL, listed_ids
from tests.factories.help import (
    ContactPageFactory,
    HelpPageFactory,
    RegionalCorrespondentFactory,
    WebconferenceIndexPageFactory,
    WebconferencePageFactory,
)

pytestmark = pytest.mark.django_db


def test_offer_detail_exposes_every_offer_field(api_get, catalogue):
    offer = catalogue["available_intermediary"]

    data = api_get(f"{PAGES_URL}{offer.pk}/").json()

    assert data["meta"]["type"] == OFFER_TYPE
    assert data["meta"]["html_url"].endswith("/offres/biomedical/" + offer.slug + "/")
    assert data["title"] == "Échographes portables"
    assert data["reference"] == "2023-R087-000-000-0000000"
    assert data["start_date"] == offer.start_date.isoformat()
    assert data["end_date"] == offer.end_date.isoformat()
    assert data["status"] == {"value": "disponible", "label": "Disponible"}
    assert data["access_mode"] == {"value": "intermediaire", "label": "Intermédiaire"}
    assert data["family"] == {
        "id": offer.family_id,
        "name": "Biomédical",
        "slug": "biomedical",
    }
    assert data["summary"] == "Une offre de la centrale d'achat."


def test_offer_holders_come_once_each_with_their_lots_in_lot_order(api_get, catalogue):
    offer = catalogue["available_intermediary"]

    holders = api_get(f"{PAGES_URL}{offer.pk}/").json()["holders"]

    assert [holder["name"] for holder in holders] == ["UP COOP", "BIMPLI"]
    up_coop = holders[0]
    assert up_coop["email"] == "contact@up.example"
    assert up_coop["phone"] == "01 02 03 04 05"
    assert up_coop["contact_name"] == "Camille Martin"
    assert up_coop["lots"] == [
        {"number": 1, "title": "Titres restaurant"},
        {"number": 3, "title": "Chèques culture"},
    ]
    assert holders[1]["lots"] == [{"number": 2, "title": "Cartes cadeaux"}]


def test_offer_lists_only_its_public_documents_with_their_file_details(api_get, catalogue):
    offer = catalogue["available_intermediary"]
    document = catalogue["public_document"]

    documents = api_get(f"{PAGES_URL}{offer.pk}/").json()["documents"]

    assert len(documents) == 1
    (entry,) = documents
    assert entry["id"] == document.pk
    assert entry["title"] == "Fiche offre"
    assert entry["download_url"].endswith(f"/documents/{document.pk}/{document.filename}")
    assert entry["size"] == len(b"%PDF-1.4 contenu de test")
    assert entry["extension"] == "pdf"
    assert datetime.datetime.fromisoformat(entry["updated_at"]) == document.updated_at


@pytest.mark.parametrize(
    ("offer_name", "status", "label", "mode", "mode_label"),
    [
        ("expired_wholesale", "expiree", "Expirée", "grossiste", "Grossiste"),
        ("upcoming_intermediary", "a-venir", "À venir", "intermediaire", "Intermédiaire"),
        ("available_wholesale", "disponible", "Disponible", "grossiste", "Grossiste"),
    ],
)
def test_offer_status_and_mode_carry_their_french_label(
    api_get, catalogue, offer_name, status, label, mode, mode_label
):
    data = api_get(f"{PAGES_URL}{catalogue[offer_name].pk}/").json()

    assert data["status"] == {"value": status, "label": label}
    assert data["access_mode"] == {"value": mode, "label": mode_label}


def test_offers_listing_shows_the_offer_summary_fields_by_default(
    api_get, catalogue, public_offers
):
    response = api_get(PAGES_URL, {"type": OFFER_TYPE})

    assert listed_ids(response) == public_offers
    item = next(
        item for item in response.json()["items"] if item["id"] == catalogue["expired_wholesale"].pk
    )
    assert item["reference"] == "2021-058-007-000-00000000"
    assert item["status"]["value"] == "expiree"
    assert item["access_mode"]["value"] == "grossiste"
    assert item["family"]["slug"] == "biomedical"
    assert "holders" not in item


def test_offers_listing_gives_holders_and_public_documents_on_request(api_get, catalogue):
    response = api_get(PAGES_URL, {"type": OFFER_TYPE, "fields": OFFER_FIELDS})

    items = {item["id"]: item for item in response.json()["items"]}
    offer = items[catalogue["available_intermediary"].pk]
    assert [holder["name"] for holder in offer["holders"]] == ["UP COOP", "BIMPLI"]
    assert [document["title"] for document in offer["documents"]] == ["Fiche offre"]
    assert items[catalogue["expired_wholesale"].pk]["documents"] == []


def test_sector_page_exposes_its_family(api_get, catalogue):
    sector = catalogue["sectors"]["ehpad"]

    data = api_get(f"{PAGES_URL}{sector.pk}/").json()

    assert data["meta"]["type"] == "catalogue.SectorPage"
    assert data["family"] == {"id": sector.family_id, "name": "EHPAD", "slug": "ehpad"}
    listing = api_get(PAGES_URL, {"type": "catalogue.SectorPage", "fields": "family"})
    assert {item["family"]["slug"] for item in listing.json()["items"]} == {
        "biomedical",
        "ehpad",
    }


def test_offers_of_a_filiere_with_child_of(api_get, catalogue):
    sector = catalogue["sectors"]["ehpad"]

    response = api_get(PAGES_URL, {"type": OFFER_TYPE, "child_of": sector.pk})

    assert listed_ids(response) == {
        catalogue["upcoming_intermediary"].pk,
        catalogue["available_wholesale"].pk,
    }


def test_help_page_exposes_its_body(api_get, help_index):
    page = HelpPageFactory(parent=help_index, title="Adhérer à la centrale", intro="En bref")

    data = api_get(f"{PAGES_URL}{page.pk}/").json()

    assert data["meta"]["type"] == "help.HelpPage"
    assert data["intro"] == "En bref"
    assert data["body"][0]["type"] == "paragraph"
    assert "adhérer" in data["body"][0]["value"]


def test_contact_page_lists_the_regional_correspondents(api_get, help_index):
    page = ContactPageFactory(parent=help_index)
    RegionalCorrespondentFactory(name="Anne Durand", email="a.durand@centrale.example")

    data = api_get(f"{PAGES_URL}{page.pk}/").json()

    assert data["director_name"] == "Yolande Lerebourg"
    assert data["team_email"] == "relation.adherents@centrale.example"
    assert data["correspondents"] == [
        {
            "region": {"value": "bre", "label": "Bretagne"},
            "name": "Anne Durand",
            "email": "a.durand@centrale.example",
            "phone": "02 99 00 00 00",
        }
    ]


def test_upcoming_webconference_gives_its_registration_link(api_get, help_index):
    index = WebconferenceIndexPageFactory(parent=help_index)
    upcoming = WebconferencePageFactory(parent=index)

    data = api_get(f"{PAGES_URL}{upcoming.pk}/").json()

    assert data["is_upcoming"] is True
    assert data["registration_url"] == "https://inscription.example/webconference"
    assert datetime.datetime.fromisoformat(data["starts_at"]) == upcoming.starts_at


def test_past_webconference_hides_its_registration_link_and_gives_its_replay(api_get, help_index):
    index = WebconferenceIndexPageFactory(parent=help_index)
    past = WebconferencePageFactory(
        parent=index,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        replay_url="https://replay.example/video",
    )

    data = api_get(
        PAGES_URL,
        {"type": "help.WebconferencePage", "fields": "is_upcoming,registration_url,replay_url"},
    ).json()["items"]

    assert data[0]["id"] == past.pk
    assert data[0]["is_upcoming"] is False
    assert data[0]["registration_url"] is None
    assert data[0]["replay_url"] == "https://replay.example/video"


def test_answers_are_compact_json(client, catalogue):
    response = client.get(PAGES_URL, {"type": OFFER_TYPE, "fields": "holders"})

    assert response["Content-Type"] == "application/json"
    assert b"\n" not in response.content and b'": ' not in response.content


def test_a_listing_gives_the_holders_the_detail_gives(client, catalogue):
    listing = client.get(PAGES_URL, {"type": OFFER_TYPE, "fields": "holders,documents"}).json()

    for item in listing["items"]:
        detail = client.get(f"{PAGES_URL}{item['id']}/").json()
        assert item["holders"] == detail["holders"]
        assert item["documents"] == detail["documents"]
    assert any(item["holders"] for item in listing["items"])


def test_the_listing_gives_each_page_its_html_url_on_the_public_address(
    client, catalogue, settings
):
    from wagtail.models import Page

    settings.PUBLIC_BASE_URL = "https://achats.example"
    items = client.get(PAGES_URL, {"type": OFFER_TYPE}).json()["items"]

    assert items
    for item in items:
        path = Page.objects.get(pk=item["id"]).url  # not the Site record's host and port
        assert item["meta"]["html_url"] == f"https://achats.example{path}"
