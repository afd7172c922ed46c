"""The offer filters (famille, mode, statut), alone, combined, and with Wagtail's own."""

import pytest

from tests.api.helpers import OFFER_TYPE, PAGES_URL, listed_ids

pytestmark = pytest.mark.django_db


def offers(catalogue, *names):
    return {catalogue[name].pk for name in names}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"famille": "biomedical"}, ("available_intermediary", "expired_wholesale")),
        ({"famille": "ehpad"}, ("upcoming_intermediary", "available_wholesale")),
        ({"mode": "intermediaire"}, ("available_intermediary", "upcoming_intermediary")),
        ({"mode": "grossiste"}, ("expired_wholesale", "available_wholesale")),
        ({"statut": "disponible"}, ("available_intermediary", "available_wholesale")),
        ({"statut": "a-venir"}, ("upcoming_intermediary",)),
        ({"statut": "expiree"}, ("expired_wholesale",)),
        ({"famille": "biomedical", "mode": "grossiste"}, ("expired_wholesale",)),
        ({"famille": "ehpad", "statut": "disponible"}, ("available_wholesale",)),
        ({"mode": "intermediaire", "statut": "a-venir"}, ("upcoming_intermediary",)),
        ({"famille": "ehpad", "mode": "intermediaire", "statut": "disponible"}, ()),
        (
            {"famille": "biomedical", "mode": "intermediaire", "statut": "disponible"},
            ("available_intermediary",),
        ),
    ],
)
def test_offer_filters(api_get, catalogue, params, expected):
    response = api_get(PAGES_URL, {"type": OFFER_TYPE, **params})

    assert listed_ids(response) == offers(catalogue, *expected)
    assert response.json()["meta"]["total_count"] == len(expected)


def test_filters_never_reveal_hidden_offers(api_get, catalogue, hidden_pages):
    # The draft and the login-only offer are available intermediary offers of Biomédical.
    response = api_get(
        PAGES_URL,
        {"type": OFFER_TYPE, "famille": "biomedical", "mode": "intermediaire"},
    )

    assert listed_ids(response) == offers(catalogue, "available_intermediary")


def test_a_family_whose_filiere_is_private_lists_nothing(api_get, catalogue):
    response = api_get(PAGES_URL, {"type": OFFER_TYPE, "famille": "reservee"})

    assert listed_ids(response) == set()


def test_filters_combine_with_search(api_get, catalogue):
    params = {"type": OFFER_TYPE, "search": "échographes"}

    assert listed_ids(api_get(PAGES_URL, params)) == offers(
        catalogue, "available_intermediary", "available_wholesale"
    )
    assert listed_ids(api_get(PAGES_URL, {**params, "mode": "grossiste"})) == offers(
        catalogue, "available_wholesale"
    )
    assert listed_ids(api_get(PAGES_URL, {**params, "famille": "biomedical"})) == offers(
        catalogue, "available_intermediary"
    )
    assert listed_ids(api_get(PAGES_URL, {**params, "statut": "expiree"})) == set()


def test_search_finds_an_offer_by_a_word_of_its_title(api_get, catalogue):
    response = api_get(PAGES_URL, {"type": OFFER_TYPE, "search": "cefla"})

    assert listed_ids(response) == offers(catalogue, "expired_wholesale")


def test_filters_combine_with_order_limit_and_offset(api_get, catalogue):
    params = {"type": OFFER_TYPE, "mode": "intermediaire", "order": "-start_date"}

    first = api_get(PAGES_URL, {**params, "limit": 1}).json()
    second = api_get(PAGES_URL, {**params, "limit": 1, "offset": 1}).json()

    assert first["meta"]["total_count"] == 2
    assert [item["id"] for item in first["items"]] == [catalogue["upcoming_intermediary"].pk]
    assert [item["id"] for item in second["items"]] == [catalogue["available_intermediary"].pk]


def test_filters_combine_with_child_of(api_get, catalogue):
    response = api_get(
        PAGES_URL,
        {"type": OFFER_TYPE, "child_of": catalogue["sectors"]["ehpad"].pk, "statut": "a-venir"},
    )

    assert listed_ids(response) == offers(catalogue, "upcoming_intermediary")


def test_filters_combine_with_field_filters_and_ordering_while_searching(api_get, catalogue):
    response = api_get(
        PAGES_URL,
        {
            "type": OFFER_TYPE,
            "search": "échographes",
            "statut": "disponible",
            "access_mode": "intermediaire",
            "order": "start_date",
        },
    )

    assert listed_ids(response) == offers(catalogue, "available_intermediary")


@pytest.mark.parametrize("search", ["   ", '""'])
def test_a_blank_search_is_ignored(api_get, catalogue, public_offers, search):
    response = api_get(PAGES_URL, {"type": OFFER_TYPE, "search": search})

    assert listed_ids(response) == public_offers
