"""``?search=`` finds offers by a prefix of their reference, on SQLite as on PostgreSQL."""

import pytest

from tests.api.helpers import OFFER_TYPE, PAGES_URL, listed_ids

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("2023-R087-000-000-0000000", {"available_intermediary"}),
        ("2023-R087", {"available_intermediary"}),
        ("2021-058", {"expired_wholesale"}),
        ("2099-X", set()),
    ],
)
def test_search_finds_an_offer_by_its_reference_prefix(api_get, catalogue, search, expected):
    response = api_get(PAGES_URL, {"type": OFFER_TYPE, "search": search})

    assert listed_ids(response) == {catalogue[name].pk for name in expected}


def test_a_reference_search_combines_with_the_offer_filters(api_get, catalogue):
    params = {"type": OFFER_TYPE, "search": "2023-R087"}

    assert listed_ids(api_get(PAGES_URL, {**params, "mode": "intermediaire"})) == {
        catalogue["available_intermediary"].pk
    }
    assert listed_ids(api_get(PAGES_URL, {**params, "mode": "grossiste"})) == set()


def test_a_reference_search_never_lists_a_restricted_offer(api_get, catalogue):
    for name in ("draft", "login_only", "under_private_sector"):
        page = catalogue[name]
        response = api_get(PAGES_URL, {"type": OFFER_TYPE, "search": page.reference})
        assert response.status_code == 200
        assert listed_ids(response) == set(), name
