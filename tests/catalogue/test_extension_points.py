"""The core's extension points a plugin uses without the core knowing it: home-page tiles and
fields of the offers in the pages API."""

import pytest
from wagtail import hooks

from catalogue.hooks import (
    HOME_TILES_HOOK,
    OFFER_API_FIELDS_HOOK,
    STYLESHEETS_HOOK,
    HomeTile,
    OfferApiField,
)
from tests.factories.catalogue import OfferPageFactory, PurchaseFamilyFactory, SectorPageFactory

pytestmark = pytest.mark.django_db


def test_a_registered_tile_is_shown_in_order_among_the_cores(client, catalogue_index):
    def tiles(request):
        return [HomeTile(title="Tuile ajoutée", text="Par un module.", url="/ajout/", order=15)]

    with hooks.register_temporarily(HOME_TILES_HOOK, tiles):
        html = client.get("/").content.decode()

    catalogue, added, help_tile = (
        html.index("Le catalogue des offres"),
        html.index("Tuile ajoutée"),
        html.index('<span class="tile__title">Aide</span>'),
    )
    assert catalogue < added < help_tile
    assert '<a class="tile" href="/ajout/">' in html


def test_a_registered_api_field_is_computed_from_the_offer_and_the_request(client, catalogue_index):
    family = PurchaseFamilyFactory()
    offer = OfferPageFactory(
        parent=SectorPageFactory(parent=catalogue_index, family=family),
        family=family,
        reference="2024-R001",
    )

    def fields():
        return [
            OfferApiField(
                name="reference_hote",
                value=lambda offer, request: f"{offer.reference}@{request.get_host()}",
            )
        ]

    with hooks.register_temporarily(OFFER_API_FIELDS_HOOK, fields):
        detail = client.get(f"/api/v2/pages/{offer.pk}/").json()
        listing = client.get(
            "/api/v2/pages/", {"type": "catalogue.OfferPage", "fields": "reference_hote"}
        ).json()
    after = client.get(f"/api/v2/pages/{offer.pk}/").json()

    assert detail["reference_hote"] == "2024-R001@testserver"
    assert listing["items"][0]["reference_hote"] == "2024-R001@testserver"
    assert "reference_hote" not in after


def test_a_registered_stylesheet_is_linked_after_the_cores(client, catalogue_index):
    with hooks.register_temporarily(STYLESHEETS_HOOK, lambda: ["ajout/ajout.css"]):
        html = client.get("/").content.decode()

    assert html.index('href="/static/css/site.css"') < html.index('href="/static/ajout/ajout.css"')
