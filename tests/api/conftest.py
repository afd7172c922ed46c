"""A small published catalogue for the API tests, with restricted and unpublished content."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from catalogue.choices import AccessMode, DocumentVisibility
from tests.factories.catalogue import (
    HolderFactory,
    LotFactory,
    OfferPageDocumentFactory,
    OfferPageFactory,
    PurchaseFamilyFactory,
    SectorPageFactory,
)


@pytest.fixture
def api_get(client):
    """GET an API URL and return the response, checking it answers JSON."""

    def get(path, params=None, status=200):
        response = client.get(path, params or {})
        if status is not None:
            assert response.status_code == status, response.content
        assert response["Content-Type"].startswith("application/json")
        return response

    return get


@pytest.fixture
def catalogue(catalogue_index):
    """Two filières and four public offers covering every mode and status, plus offers that
    must never be shown: a draft, one restricted to logged-in users, one under a
    password-protected filière."""
    today = timezone.localdate()
    biomedical = SectorPageFactory(
        parent=catalogue_index,
        family=PurchaseFamilyFactory(name="Biomédical", slug="biomedical"),
    )
    ehpad = SectorPageFactory(
        parent=catalogue_index, family=PurchaseFamilyFactory(name="EHPAD", slug="ehpad")
    )
    private_sector = SectorPageFactory(
        parent=catalogue_index,
        family=PurchaseFamilyFactory(name="Réservée", slug="reservee"),
    )
    PageViewRestriction.objects.create(
        page=private_sector, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    available_intermediary = OfferPageFactory(
        parent=biomedical,
        title="Échographes portables",
        reference="2023-R087-000-000-0000000",
        access_mode=AccessMode.INTERMEDIARY,
        start_date=today - datetime.timedelta(days=100),
        end_date=today + datetime.timedelta(days=100),
    )
    expired_wholesale = OfferPageFactory(
        parent=biomedical,
        title="Retro-alvéolaire CEFLA",
        reference="2021-058-007-000-00000000",
        access_mode=AccessMode.WHOLESALE,
        start_date=today - datetime.timedelta(days=800),
        end_date=today - datetime.timedelta(days=1),
    )
    upcoming_intermediary = OfferPageFactory(
        parent=ehpad,
        title="Mobilier de chambre",
        access_mode=AccessMode.INTERMEDIARY,
        start_date=today + datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=400),
    )
    available_wholesale = OfferPageFactory(
        parent=ehpad,
        title="Protections et échographes",
        access_mode=AccessMode.WHOLESALE,
        start_date=today,
        end_date=today,
    )
    draft = OfferPageFactory(parent=biomedical, title="Échographes brouillon", live=False)
    login_only = OfferPageFactory(parent=biomedical, title="Échographes réservés")
    PageViewRestriction.objects.create(page=login_only, restriction_type=PageViewRestriction.LOGIN)
    under_private_sector = OfferPageFactory(parent=private_sector, title="Échographes cachés")

    up_coop = HolderFactory(name="UP COOP", email="contact@up.example", phone="01 02 03 04 05")
    bimpli = HolderFactory(name="BIMPLI")
    LotFactory(offer=available_intermediary, number=2, title="Cartes cadeaux", holder=bimpli)
    LotFactory(offer=available_intermediary, number=1, title="Titres restaurant", holder=up_coop)
    LotFactory(offer=available_intermediary, number=3, title="Chèques culture", holder=up_coop)

    public_link = OfferPageDocumentFactory(
        page=available_intermediary, document__title="Fiche offre", sort_order=0
    )
    members_link = OfferPageDocumentFactory(
        page=available_intermediary,
        document__title="CCAP adhérents",
        document__visibility=DocumentVisibility.MEMBERS,
        sort_order=1,
    )
    family_link = OfferPageDocumentFactory(
        page=available_intermediary,
        document__title="Bordereau de prix",
        document__visibility=DocumentVisibility.FAMILY,
        document__family=biomedical.family,
        sort_order=2,
    )

    return {
        "sectors": {"biomedical": biomedical, "ehpad": ehpad, "private": private_sector},
        "available_intermediary": available_intermediary,
        "expired_wholesale": expired_wholesale,
        "upcoming_intermediary": upcoming_intermediary,
        "available_wholesale": available_wholesale,
        "draft": draft,
        "login_only": login_only,
        "under_private_sector": under_private_sector,
        "public_document": public_link.document,
        "members_document": members_link.document,
        "family_document": family_link.document,
    }


@pytest.fixture
def public_offers(catalogue):
    return {
        catalogue[name].pk
        for name in (
            "available_intermediary",
            "expired_wholesale",
            "upcoming_intermediary",
            "available_wholesale",
        )
    }


@pytest.fixture
def hidden_pages(catalogue):
    """Pages that exist but must never come out of the API."""
    return {
        catalogue["draft"].pk,
        catalogue["login_only"].pk,
        catalogue["under_private_sector"].pk,
        catalogue["sectors"]["private"].pk,
    }
