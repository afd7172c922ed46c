"""The public-sector pages: the accessibility statement (RGAA 4.1 model) and the legal notice,
linked from the footer of every page with the plugins' own links (the privacy notice)."""

import re

import pytest
from django.urls import reverse
from wagtail import hooks

from catalogue.hooks import FOOTER_LINKS_HOOK, FooterLink

pytestmark = pytest.mark.django_db


def footer(html):
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def footer_links(html):
    return {
        label.strip(): href
        for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer(html))
    }


def test_the_accessibility_statement_follows_the_rgaa_model(client, settings):
    settings.ACCESSIBILITY = {**settings.ACCESSIBILITY, "email": "a11y@centre.example"}
    response = client.get("/accessibilite/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert f"<h2>{heading}</h2>" in html, heading
    assert "<strong>non conforme</strong>" in html
    assert "pas encore fait l'objet d'un audit" in html
    assert "Défenseur des droits" in html and "Libre réponse 71120" in html
    assert 'href="mailto:a11y@centre.example"' in html


def test_a_centre_states_its_own_conformity(client, settings):
    settings.ACCESSIBILITY = {
        **settings.ACCESSIBILITY,
        "state": "partiellement conforme",
        "audit_date": "15/03/2027",
    }
    html = client.get("/accessibilite/").content.decode()
    assert "<strong>partiellement conforme</strong>" in html
    assert "pas encore fait" not in html
    assert "15/03/2027" in html
    assert footer_links(html)["Accessibilité : partiellement conforme"] == "/accessibilite/"


def test_the_legal_notice_names_publisher_director_and_host(client, settings):
    settings.LEGAL_NOTICE = {
        **settings.LEGAL_NOTICE,
        "publisher": "Centrale des hôpitaux de l'Est",
        "director": "Mme Jeanne Martin",
        "host": "Hébergeur Santé SAS",
    }
    html = client.get("/mentions-legales/").content.decode()
    assert "Centrale des hôpitaux de l&#x27;Est" in html
    assert "Mme Jeanne Martin" in html
    assert "Hébergeur Santé SAS" in html
    assert f'href="{reverse("help:accessibility")}"' in html


@pytest.mark.parametrize(
    "path", ["/", "/offres/", "/aide/", "/accessibilite/", "/mentions-legales/"]
)
def test_every_page_links_the_public_sector_pages_in_its_footer(client, page_tree, path):
    links = footer_links(client.get(path).content.decode())
    assert links["Accessibilité : non conforme"] == "/accessibilite/"
    assert links["Mentions légales"] == "/mentions-legales/"
    assert list(links)[:3] == ["Le catalogue des offres", "Aide", "Contactez-nous"]


def test_a_plugin_adds_its_footer_link(client, page_tree):
    def extra():
        return [FooterLink(label="Plan du site", url="/plan/", order=5)]

    with hooks.register_temporarily(FOOTER_LINKS_HOOK, extra):
        links = footer_links(client.get("/mentions-legales/").content.decode())
    assert list(links)[0] == "Plan du site"
