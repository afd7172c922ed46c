"""Routing of the public pages (fewer queries than Wagtail's) keeps Wagtail's answers: pages
found, 404s, and the view restrictions of the page and of every ancestor."""

import pytest
from wagtail.models import Page, PageViewRestriction

from tests.factories.help import HelpPageFactory

pytestmark = pytest.mark.django_db

OFFER_URL = "/offres/equipements-generaux/titres-restaurant/"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (OFFER_URL, 200),
        ("/offres/", 200),
        ("/offres/biomedical/", 200),
        ("/offres/biomedical/retro-alveolaire/", 200),
        ("/offres/inconnue/", 404),
        ("/offres/inconnue/titres-restaurant/", 404),
        ("/offres/biomedical/titres-restaurant/", 404),  # an offer of another filière
        ("/offres/biomedical/brouillon/", 404),  # not live
        (f"{OFFER_URL}plus-loin/", 404),
        ("/inconnue/biomedical/", 404),
    ],
)
def test_pages_are_found_as_wagtail_finds_them(client, catalogue, url, status):
    assert client.get(url).status_code == status


def test_a_page_under_the_help_index_is_still_routed(client, catalogue, help_index):
    article = HelpPageFactory(parent=help_index, title="Adhérer", slug="adherer")

    response = client.get(f"{help_index.url}adherer/")

    assert response.status_code == 200
    assert response.context["page"].pk == article.pk


def restricted(catalogue, name):
    return {
        "root": lambda: Page.get_first_root_node(),
        "home": lambda: catalogue.index.get_parent(),
        "index": lambda: catalogue.index,
        "sector": lambda: catalogue.sectors["equipements"],
        "offer": lambda: catalogue.offers["titres"],
    }[name]()


@pytest.mark.parametrize("name", ["root", "home", "index", "sector", "offer"])
def test_a_login_restriction_anywhere_above_the_offer_applies(
    client, catalogue, django_user_model, name
):
    PageViewRestriction.objects.create(
        page=restricted(catalogue, name), restriction_type=PageViewRestriction.LOGIN
    )

    anonymous = client.get(OFFER_URL)
    client.force_login(django_user_model.objects.create_user("acheteur", password="x"))
    logged_in = client.get(OFFER_URL)

    assert anonymous.status_code == 302
    assert "next=" in anonymous["Location"]
    assert logged_in.status_code == 200


@pytest.mark.parametrize("name", ["sector", "offer"])
def test_a_password_restriction_asks_for_the_password(client, catalogue, name):
    PageViewRestriction.objects.create(
        page=restricted(catalogue, name),
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret",
    )

    response = client.get(OFFER_URL)

    assert 'name="password"' in response.content.decode()
    assert "Titres restaurant et cartes cadeaux" not in response.content.decode()


def test_a_restriction_on_another_filiere_does_not_apply(client, catalogue):
    PageViewRestriction.objects.create(
        page=catalogue.sectors["biomedical"], restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(OFFER_URL).status_code == 200
    assert client.get("/offres/biomedical/retro-alveolaire/").status_code == 302
