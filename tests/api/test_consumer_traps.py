"""The pages API as a new consumer tries it: the filters under the fields' own names
(``status``, ``access_mode``, ``family`` by slug) and ``html_url`` on the public address."""

import pytest

from tests.api.helpers import OFFER_TYPE, PAGES_URL, listed_ids

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "same_as"),
    [
        ({"status": "disponible"}, {"statut": "disponible"}),
        ({"access_mode": "grossiste"}, {"mode": "grossiste"}),
        ({"family": "ehpad"}, {"famille": "ehpad"}),
        (
            {"family": "biomedical", "status": "expiree"},
            {"famille": "biomedical", "statut": "expiree"},
        ),
    ],
)
def test_the_fields_names_filter_like_the_filters(api_get, catalogue, params, same_as):
    mine = listed_ids(api_get(PAGES_URL, {"type": OFFER_TYPE, **params}))
    theirs = listed_ids(api_get(PAGES_URL, {"type": OFFER_TYPE, **same_as}))
    assert mine == theirs and mine


def test_family_still_takes_an_id(api_get, catalogue):
    family_id = catalogue["available_wholesale"].family_id
    by_id = listed_ids(api_get(PAGES_URL, {"type": OFFER_TYPE, "family": family_id}))
    assert by_id == listed_ids(api_get(PAGES_URL, {"type": OFFER_TYPE, "famille": "ehpad"}))


def test_an_unknown_family_slug_or_status_is_a_clear_400(api_get, catalogue):
    response = api_get(PAGES_URL, {"type": OFFER_TYPE, "family": "inconnue"}, status=400)
    assert "Famille d'achat inconnue" in response.json()["message"]
    response = api_get(PAGES_URL, {"type": OFFER_TYPE, "status": "perimee"}, status=400)
    assert "Statut inconnu" in response.json()["message"]


def test_html_url_is_on_the_public_address(api_get, catalogue, settings):
    settings.PUBLIC_BASE_URL = "https://achats.example"
    offer = catalogue["available_intermediary"]
    response = api_get(f"{PAGES_URL}{offer.pk}/")
    assert response.json()["meta"]["html_url"] == f"https://achats.example{offer.url}"
    listing = api_get(PAGES_URL, {"type": OFFER_TYPE, "fields": "reference"})
    assert all(
        item["meta"]["html_url"].startswith("https://achats.example/")
        for item in listing.json()["items"]
    )
