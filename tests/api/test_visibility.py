"""Unpublished, private and restricted content never comes out of the API."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from tests.api.helpers import DOCUMENTS_URL, OFFER_TYPE, PAGES_URL, listed_ids
from tests.factories.catalogue import CatalogueDocumentFactory

pytestmark = pytest.mark.django_db

HIDDEN = ("draft", "login_only", "under_private_sector")


@pytest.mark.parametrize("params", [{}, {"type": OFFER_TYPE}, {"type": "catalogue.SectorPage"}])
def test_listing_shows_no_unpublished_or_private_page(api_get, catalogue, hidden_pages, params):
    response = api_get(PAGES_URL, {**params, "limit": 100})

    assert listed_ids(response)
    assert not listed_ids(response) & hidden_pages


def test_listing_of_offers_is_exactly_the_published_public_ones(api_get, catalogue, public_offers):
    response = api_get(PAGES_URL, {"type": OFFER_TYPE})

    assert listed_ids(response) == public_offers
    assert response.json()["meta"]["total_count"] == len(public_offers)


@pytest.mark.parametrize("name", HIDDEN)
def test_detail_of_a_hidden_offer_is_not_found(api_get, catalogue, name):
    response = api_get(f"{PAGES_URL}{catalogue[name].pk}/", status=404)

    assert response.json() == {"message": "No Page matches the given query."}


@pytest.mark.parametrize("name", HIDDEN)
def test_hidden_offer_is_not_found_by_find(api_get, catalogue, name):
    api_get(f"{PAGES_URL}find/", {"id": catalogue[name].pk}, status=404)


def test_search_never_finds_hidden_offers(api_get, catalogue):
    # Every offer of the fixture with "échographes" in its title: two public, three hidden.
    response = api_get(PAGES_URL, {"search": "échographes"})

    assert listed_ids(response) == {
        catalogue["available_intermediary"].pk,
        catalogue["available_wholesale"].pk,
    }


def test_children_of_a_private_filiere_cannot_be_listed(api_get, catalogue):
    private_sector = catalogue["sectors"]["private"]

    response = api_get(PAGES_URL, {"child_of": private_sector.pk}, status=400)

    assert response.json() == {"message": "parent page doesn't exist"}


def test_a_logged_in_user_sees_no_more_than_an_anonymous_visitor(
    client, api_get, catalogue, public_offers, hidden_pages
):
    # Wagtail alone would show a logged-in user the pages restricted to logged-in users.
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)

    response = api_get(PAGES_URL, {"type": OFFER_TYPE})

    assert listed_ids(response) == public_offers
    api_get(f"{PAGES_URL}{catalogue['login_only'].pk}/", status=404)


def test_a_page_made_private_leaves_the_api(api_get, catalogue):
    offer = catalogue["expired_wholesale"]
    api_get(f"{PAGES_URL}{offer.pk}/")

    PageViewRestriction.objects.create(page=offer, restriction_type=PageViewRestriction.LOGIN)

    api_get(f"{PAGES_URL}{offer.pk}/", status=404)


def test_an_unpublished_offer_leaves_the_api(api_get, catalogue):
    offer = catalogue["expired_wholesale"]

    offer.unpublish()

    api_get(f"{PAGES_URL}{offer.pk}/", status=404)
    assert offer.pk not in listed_ids(api_get(PAGES_URL, {"type": OFFER_TYPE}))


def test_documents_endpoint_lists_public_documents_only(api_get, catalogue):
    response = api_get(DOCUMENTS_URL)

    assert listed_ids(response) == {catalogue["public_document"].pk}


@pytest.mark.parametrize("name", ["members_document", "family_document"])
def test_restricted_document_detail_is_not_found(api_get, catalogue, name):
    document = catalogue[name]

    response = api_get(f"{DOCUMENTS_URL}{document.pk}/", status=404)

    assert document.title not in response.content.decode()
    api_get(f"{DOCUMENTS_URL}find/", {"id": document.pk}, status=404)


def test_documents_search_never_finds_restricted_documents(api_get, catalogue):
    public = CatalogueDocumentFactory(title="Bordereau public")

    response = api_get(DOCUMENTS_URL, {"search": "bordereau"})

    assert listed_ids(response) == {public.pk}


def test_documents_cannot_be_filtered_by_visibility(api_get, catalogue):
    response = api_get(DOCUMENTS_URL, {"visibility": "famille"}, status=400)

    assert "visibility" in response.json()["message"]


def test_restricted_documents_of_an_offer_never_appear_in_any_page_response(api_get, catalogue):
    restricted_titles = [catalogue["members_document"].title, catalogue["family_document"].title]
    responses = [
        api_get(f"{PAGES_URL}{catalogue['available_intermediary'].pk}/"),
        api_get(PAGES_URL, {"type": OFFER_TYPE, "fields": "*"}),
        api_get(PAGES_URL, {"type": OFFER_TYPE, "fields": "documents", "search": "échographes"}),
    ]

    for response in responses:
        body = response.content.decode()
        assert catalogue["public_document"].title in body
        for title in restricted_titles:
            assert title not in body
