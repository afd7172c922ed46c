"""Editing the catalogue in the Wagtail admin: page creation, tree rules, snippets."""

import datetime
import html

import pytest
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from catalogue.choices import AccessMode
from catalogue.models import (
    CatalogueIndexPage,
    HomePage,
    OfferCalendarPage,
    OfferPage,
    SectorPage,
)
from help.models import HelpIndexPage
from tests.factories.catalogue import (
    CatalogueIndexPageFactory,
    HomePageFactory,
    PurchaseFamilyFactory,
    SectorPageFactory,
)


class TestCataloguePagesInTheAdmin(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root)
        Site.objects.update(root_page=home)
        cls.index = CatalogueIndexPageFactory(parent=home)
        cls.family = PurchaseFamilyFactory(name="Biomédical", slug="biomedical")
        cls.sector = SectorPageFactory(parent=cls.index, family=cls.family, title="Biomédical")

    def setUp(self):
        # force_login: the login form goes through django-axes, which needs a real request.
        self.client.force_login(self.create_superuser("admin"))

    def test_an_editor_creates_an_offer_under_a_filiere(self):
        self.assertCanCreate(
            self.sector,
            OfferPage,
            nested_form_data(
                {
                    "title": "Retro-alvéolaire - CEFLA",
                    "slug": "retro-alveolaire",
                    "reference": "2021-058-007-000-00000000",
                    "start_date": "2021-09-28",
                    "end_date": "2025-09-27",
                    "access_mode": AccessMode.WHOLESALE,
                    "family": "",
                    "summary": "Acquisition de retro-alvéolaire.",
                    "body": streamfield([]),
                    "video_url": "",
                    "advantages": rich_text("<p>Un équipement de pointe.</p>"),
                    "pricing": rich_text(""),
                    "lots": inline_formset([]),
                    "documents": inline_formset([]),
                    "beneficiary_steps": streamfield([]),
                }
            ),
        )

        offer = OfferPage.objects.get(reference="2021-058-007-000-00000000")
        assert offer.live
        assert offer.family == self.family
        assert offer.start_date == datetime.date(2021, 9, 28)
        assert self.client.get(offer.url).status_code == 200

    def test_an_offer_cannot_end_before_it_starts(self):
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["catalogue", "offerpage", self.sector.pk]),
            nested_form_data(
                {
                    "title": "Offre à l'envers",
                    "slug": "offre-a-l-envers",
                    "reference": "2024-X000-000-000-0000000",
                    "start_date": "2025-01-01",
                    "end_date": "2024-01-01",
                    "access_mode": AccessMode.INTERMEDIARY,
                    "summary": "Résumé.",
                    "body": streamfield([]),
                    "advantages": rich_text(""),
                    "pricing": rich_text(""),
                    "lots": inline_formset([]),
                    "documents": inline_formset([]),
                    "beneficiary_steps": streamfield([]),
                    "action-publish": "action-publish",
                }
            ),
        )

        assert response.status_code == 200
        assert not OfferPage.objects.filter(slug="offre-a-l-envers").exists()
        assert "La fin de l'offre ne peut pas précéder son début." in html.unescape(
            response.content.decode()
        )

    def test_page_types_only_go_where_they_belong(self):
        self.assertAllowedParentPageTypes(OfferPage, {SectorPage})
        self.assertAllowedSubpageTypes(OfferPage, set())
        self.assertAllowedParentPageTypes(SectorPage, {CatalogueIndexPage})
        self.assertAllowedSubpageTypes(SectorPage, {OfferPage})
        self.assertAllowedSubpageTypes(CatalogueIndexPage, {SectorPage, OfferCalendarPage})
        self.assertAllowedParentPageTypes(OfferCalendarPage, {CatalogueIndexPage})
        self.assertAllowedSubpageTypes(HomePage, {CatalogueIndexPage, HelpIndexPage})
        self.assertCanNotCreateAt(CatalogueIndexPage, OfferPage)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["purchasefamily", "holder", "lot"])
def test_snippet_listings_load_for_an_administrator(admin_client, model):
    from tests.factories.catalogue import HolderFactory

    HolderFactory(name="UP COOP")

    response = admin_client.get(reverse(f"wagtailsnippets_catalogue_{model}:list"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_lots_are_filtered_by_holder_and_searched(admin_client, catalogue):
    holder = catalogue.holders["upcoop"]
    url = reverse("wagtailsnippets_catalogue_lot:list")

    by_holder = admin_client.get(url, {"holder": holder.pk}).content.decode()
    by_search = admin_client.get(url, {"q": "Capteurs"}).content.decode()

    assert "Lot 2 – Cartes cadeaux" in by_holder
    assert "Lot 1 – Titres restaurant" not in by_holder
    assert "Lot 1 – Capteurs" in by_search
    assert "Lot 2 – Cartes cadeaux" not in by_search


@pytest.mark.django_db
def test_snippets_are_grouped_in_a_catalogue_menu(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    for label in ("Catalogue", "Familles d", "Titulaires", "Lots"):
        assert label in html
