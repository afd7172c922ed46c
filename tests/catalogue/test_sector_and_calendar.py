import html as html_lib
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.utils.html import strip_tags

from catalogue.views import calendar_context
from tests.catalogue.conftest import add_offers
from tests.factories.catalogue import SectorPageFactory

pytestmark = pytest.mark.django_db


def titles(response):
    found = re.findall(
        r'class="offer-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )
    return [html_lib.unescape(title) for title in found]


def text(response):
    return " ".join(html_lib.unescape(strip_tags(response.content.decode())).split())


def test_a_filiere_presents_its_family_and_its_offers_available_first(client, catalogue):
    response = client.get("/offres/biomedical/")

    assert response.status_code == 200
    assert titles(response) == [
        "Retro-alvéolaire - CEFLA",
        "Scanners d'imagerie médicale",
        "IRM et maintenance",
    ]
    page_text = text(response)
    assert "Fiche filière" in page_text
    assert "Les offres de la filière (3 offres)" in page_text
    assert 'href="/offres/?famille=biomedical"' in response.content.decode()


def test_a_filiere_paginates_its_offers(client, catalogue):
    add_offers(catalogue.sectors["equipements"], 30)

    first = client.get("/offres/equipements-generaux/")
    second = client.get("/offres/equipements-generaux/", {"page": "2"})
    garbage = client.get("/offres/equipements-generaux/", {"page": "abc"})

    assert len(titles(first)) == 20
    assert len(titles(second)) == 11
    assert garbage.status_code == 200
    assert titles(garbage) == titles(first)
    assert 'href="?page=2"' in first.content.decode()


def test_an_empty_filiere_says_so(client, catalogue_index):
    SectorPageFactory(parent=catalogue_index, title="EHPAD", family__slug="ehpad")

    response = client.get("/offres/ehpad/")

    assert "Aucune offre n'est publiée dans cette filière pour le moment." in text(response)


def test_the_calendar_lists_offers_by_month_of_start_and_end(client, catalogue, calendar_page):
    response = client.get("/offres/calendrier/", {"annee": "2024"})

    assert response.status_code == 200
    months = response.context["months"]
    assert [o.title for o in months[0]["starting"]] == ["Titres restaurant et cartes cadeaux"]
    page_text = text(response)
    assert "Calendrier des offres 2024" in page_text
    assert "Janvier 2024 Début d'offre 15/01 Titres restaurant et cartes cadeaux" in page_text
    assert "Décembre 2024" in page_text


def test_the_calendar_shows_offers_ending_in_the_year(client, catalogue, calendar_page):
    irm = catalogue.offers["irm"]

    response = client.get("/offres/calendrier/", {"annee": str(irm.end_date.year)})

    ending = response.context["months"][irm.end_date.month - 1]["ending"]
    assert irm in ending
    assert "Offre en préparation" not in text(response)


@pytest.mark.parametrize("year", ["abc", "", "99999", "-1", "2024.5", "\x00"])
def test_a_bad_year_falls_back_to_the_current_one(client, catalogue, calendar_page, year):
    response = client.get("/offres/calendrier/", {"annee": year})

    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_the_calendar_runs_two_queries_for_its_offers(
    client, catalogue, calendar_page, django_assert_max_num_queries
):
    request = RequestFactory().get("/offres/calendrier/", {"annee": "2024"})
    add_offers(catalogue.sectors["biomedical"], 30)
    calendar_context(request, calendar_page)  # the private sections, once per content version

    with django_assert_max_num_queries(2):  # offers starting, offers ending
        context = calendar_context(request, calendar_page)
    assert sum(len(m["starting"]) + len(m["ending"]) for m in context["months"]) >= 1


def test_the_home_page_leads_to_the_families_the_catalogue_and_help(
    client, catalogue, calendar_page
):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/offres/biomedical/"' in html
    assert 'href="/offres/equipements-generaux/"' in html
    assert 'href="/offres/calendrier/"' in html
    assert 'href="/aide/"' in html
    assert 'action="/offres/"' in html


def test_unknown_pages_answer_a_french_404(client, catalogue):
    response = client.get("/offres/nulle-part/")

    assert response.status_code == 404
    assert "Page introuvable" in text(response)
