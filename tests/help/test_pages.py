"""Each help page type renders its own content."""

import pytest
from bs4 import BeautifulSoup

from tests.factories.catalogue import OfferCalendarPageFactory
from tests.factories.help import HelpPageFactory, RegionalCorrespondentFactory

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_help_index_lists_the_guide_sections_in_order(client, help_sections):
    page = soup(client.get("/aide/"))

    titles = [h.get_text(strip=True) for h in page.select(".help-section__title")]
    assert titles == [
        "Adhésion à la centrale d'achat",
        "Les offres de la centrale d'achat",
        "Création d'un compte sur l'espace acheteur",
        "Vos contacts",
        "Les webconférences",
    ]
    assert len(page.find_all("h1")) == 1
    assert "Les démarches à suivre pour adhérer." in page.get_text()


def test_help_index_shows_the_sub_pages_and_the_webconference_shortcuts(client, help_sections):
    page = soup(client.get("/aide/"))

    links = {a.get_text(strip=True): a["href"] for a in page.select(".help-section__links a")}
    assert links["Les modalités d'accès intermédiaire et grossiste"] == (
        "/aide/offres/modalites-d-acces/"
    )
    assert links["Inscription aux webconférences à venir"] == "/aide/webconferences/#a-venir"
    assert links["Accès aux replays"] == "/aide/webconferences/#replays"
    assert links["Vos contacts par région"] == "/aide/contacts/#par-region"


def test_help_index_links_to_the_catalogue_pages_that_exist(client, page_tree, help_sections):
    page = soup(client.get("/aide/"))
    links = {a.get_text(strip=True): a["href"] for a in page.select(".help-offers a")}
    assert links == {"Les fiches filières": "/offres/"}

    OfferCalendarPageFactory(parent=page_tree["catalogue"], slug="calendrier")

    page = soup(client.get("/aide/"))
    links = {a.get_text(strip=True): a["href"] for a in page.select(".help-offers a")}
    assert links == {
        "Les fiches filières": "/offres/",
        "Le calendrier des offres": "/offres/calendrier/",
    }


def test_help_index_without_catalogue_or_children_shows_an_empty_state(client, help_index):
    page = soup(client.get("/aide/"))

    assert page.select_one(".help-offers") is None
    assert "en cours de rédaction" in page.select_one(".empty-state").get_text()


def test_help_page_renders_its_body_and_its_sub_pages(client, help_sections):
    page = soup(client.get("/aide/offres/"))

    assert page.h1.get_text(strip=True) == "Les offres de la centrale d'achat"
    assert "Fiches filières, calendrier et modalités d'accès." in page.get_text()
    assert "Les démarches à suivre pour adhérer." in page.select_one(".stream").get_text()
    sub_links = [a["href"] for a in page.select(".help-subpages a")]
    assert sub_links == ["/aide/offres/modalites-d-acces/"]


def test_help_page_without_children_has_no_sub_page_listing(client, help_sections):
    page = soup(client.get("/aide/adhesion/"))

    assert page.select_one(".help-subpages") is None


def test_help_page_breadcrumbs_lead_back_to_the_help_index(client, help_sections):
    page = soup(client.get("/aide/offres/modalites-d-acces/"))

    crumbs = page.select_one("nav.breadcrumbs")
    hrefs = [a["href"] for a in crumbs.find_all("a")]
    assert "/aide/" in hrefs
    assert "/aide/offres/" in hrefs
    assert crumbs.select_one("[aria-current=page]").get_text(strip=True) == (
        "Les modalités d'accès intermédiaire et grossiste"
    )


def test_help_page_renders_every_kind_of_body_block(client, help_index):
    HelpPageFactory(
        parent=help_index,
        slug="adhesion",
        body=[
            ("heading", {"text": "Les étapes de l'adhésion", "level": "h2"}),
            ("paragraph", "<p>Votre établissement délibère.</p>"),
            ("callout", {"title": "Point d'attention", "text": "<p>Gardez la délibération.</p>"}),
            (
                "steps",
                {
                    "title": "En cinq étapes",
                    "steps": [{"title": "Délibérer", "text": "<p>En conseil.</p>"}],
                },
            ),
            ("link", {"label": "Les offres", "page": None, "url": "https://exemple.fr/offres"}),
        ],
    )

    text = soup(client.get("/aide/adhesion/")).select_one(".stream").get_text()

    for expected in (
        "Les étapes de l'adhésion",
        "Votre établissement délibère.",
        "Point d'attention",
        "Délibérer",
        "Les offres",
    ):
        assert expected in text


def test_contact_page_renders_the_pair_of_contacts_and_the_director(client, contact_page):
    RegionalCorrespondentFactory(name="Marie Durand", email="m.durand@centrale.example")

    page = soup(client.get("/aide/contacts/"))

    text = page.get_text()
    for expected in (
        "Binôme d'interlocuteurs",
        "Votre correspondant régional",
        "Représentant de la centrale dans votre région",
        "L'équipe de la relation adhérents",
        "Vos contacts par région",
        "Yolande Lerebourg",
        "Contactez-nous",
        "Écrivez-nous ou appelez-nous du lundi au vendredi.",
    ):
        assert expected in text
    hrefs = {a["href"] for a in page.find_all("a")}
    assert "mailto:relation.adherents@centrale.example" in hrefs
    assert "tel:0140000000" in hrefs
    assert "mailto:y.lerebourg@centrale.example" in hrefs
    assert "mailto:m.durand@centrale.example" in hrefs
