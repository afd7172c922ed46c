"""What the deposits app adds to the core through its extension points: the home page's
*Dépôt des conventions* tile and the offers' ``convention_deposit_url`` in the pages API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.choices import AccessMode
from tests.membership.deposits.deposit_helpers import make_offer

pytestmark = pytest.mark.django_db

TILE = "Dépôt des conventions"
PAGES_URL = "/api/v2/pages/"


@pytest.mark.parametrize(
    ("profile", "shown"),
    [("anonymous", False), ("pending", False), ("user", False), ("admin", True)],
)
def test_the_home_page_offers_the_deposit_tile_to_the_accounts_that_deposit(
    client, world, catalogue_index, profile, shown
):
    make_offer(catalogue_index, world.families[0])
    if profile != "anonymous":
        client.force_login(getattr(world, profile))

    html = client.get("/").content.decode()

    assert (TILE in html) is shown
    assert (f'href="{reverse("membership:deposits")}"' in html) is shown


def test_an_intermediary_offer_gives_its_deposit_url_in_the_api(client, world, catalogue_index):
    offer = make_offer(catalogue_index, world.families[0])

    data = client.get(f"{PAGES_URL}{offer.pk}/").json()

    expected = "http://testserver" + reverse("membership:deposit_form", args=[offer.pk])
    assert data["convention_deposit_url"] == expected


def test_a_wholesale_offer_has_no_deposit_url(client, world, catalogue_index):
    offer = make_offer(catalogue_index, world.families[0], access_mode=AccessMode.WHOLESALE)

    assert client.get(f"{PAGES_URL}{offer.pk}/").json()["convention_deposit_url"] is None


def test_the_listing_gives_the_field_when_asked_without_a_query_more(
    client, world, catalogue_index, django_assert_max_num_queries
):
    intermediary = make_offer(catalogue_index, world.families[0])
    wholesale = make_offer(
        catalogue_index,
        world.families[0],
        access_mode=AccessMode.WHOLESALE,
        reference="2023-R087-000-000-0000001",
    )
    params = {"type": "catalogue.OfferPage", "fields": "reference"}
    client.get(PAGES_URL, params)  # warm the caches read once per content version

    with CaptureQueriesContext(connection) as without:
        client.get(PAGES_URL, params)
    with django_assert_max_num_queries(len(without)):
        data = client.get(
            PAGES_URL, {**params, "fields": "reference,convention_deposit_url"}
        ).json()

    urls = {item["id"]: item["convention_deposit_url"] for item in data["items"]}
    assert urls[wholesale.pk] is None
    assert urls[intermediary.pk].endswith(
        reverse("membership:deposit_form", args=[intermediary.pk])
    )
