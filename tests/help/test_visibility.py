"""Unpublished and private help pages never show in the listings."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories.help import HelpPageFactory, WebconferencePageFactory

pytestmark = pytest.mark.django_db


def listed_links(client, url, selector):
    response = client.get(url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [a["href"] for a in page.select(selector)]


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def test_unpublished_and_private_articles_are_not_on_the_help_index(client, help_index):
    HelpPageFactory(parent=help_index, slug="publique")
    draft = HelpPageFactory(parent=help_index, slug="brouillon")
    draft.unpublish()
    private = HelpPageFactory(parent=help_index, slug="privee")
    restrict(private)

    links = listed_links(client, "/aide/", ".help-section__title a")

    assert links == ["/aide/publique/"]


def test_unpublished_and_private_sub_pages_are_not_listed(client, help_index):
    parent = HelpPageFactory(parent=help_index, slug="offres")
    HelpPageFactory(parent=parent, slug="visible")
    HelpPageFactory(parent=parent, slug="brouillon").unpublish()
    restricted_parent = HelpPageFactory(parent=parent, slug="reserve")
    restrict(restricted_parent)
    HelpPageFactory(parent=restricted_parent, slug="sous-page-privee")

    assert listed_links(client, "/aide/", ".help-section__links a") == ["/aide/offres/visible/"]
    assert listed_links(client, "/aide/offres/", ".help-subpages a") == ["/aide/offres/visible/"]


def test_unpublished_and_private_webconferences_are_not_listed(client, webconference_index):
    WebconferencePageFactory(parent=webconference_index, slug="a-venir")
    WebconferencePageFactory(parent=webconference_index, slug="passee", past=True)
    WebconferencePageFactory(parent=webconference_index, slug="brouillon").unpublish()
    WebconferencePageFactory(
        parent=webconference_index, slug="brouillon-passe", past=True
    ).unpublish()
    restrict(WebconferencePageFactory(parent=webconference_index, slug="privee"))
    restrict(
        WebconferencePageFactory(
            parent=webconference_index, slug="privee-passee", starts_at=timezone.now()
        )
    )

    links = listed_links(client, "/aide/webconferences/", ".webconference__title a")

    assert links == ["/aide/webconferences/a-venir/", "/aide/webconferences/passee/"]


def test_a_private_catalogue_is_not_linked_from_the_help_index(client, page_tree):
    restrict(page_tree["catalogue"])

    assert listed_links(client, "/aide/", ".help-offers a") == []


def test_a_private_help_page_asks_for_its_password(client, help_index):
    restrict(HelpPageFactory(parent=help_index, slug="privee"))

    response = client.get("/aide/privee/")

    assert response.status_code == 200
    assert b"Les d\xc3\xa9marches \xc3\xa0 suivre pour adh\xc3\xa9rer." not in response.content
