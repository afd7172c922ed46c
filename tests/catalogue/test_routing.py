"""The public pages are served by Wagtail's own routing and page view: pages found, 404s,
drafts, aliases, the site of each host, the view restrictions of the page and of every ancestor,
and what is kept per content version (the private sections, the fragments) following changes."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from help.models import HelpPage
from tests.factories.catalogue import (
    HomePageFactory,
    OfferPageFactory,
    PurchaseFamilyFactory,
    SectorPageFactory,
)
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


def test_a_restriction_added_later_applies_at_once(client, catalogue):
    assert client.get(OFFER_URL).status_code == 200
    assert "Titres restaurant" in client.get("/offres/").content.decode()

    PageViewRestriction.objects.create(
        page=catalogue.sectors["equipements"], restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(OFFER_URL).status_code == 302
    assert "Titres restaurant" not in client.get("/offres/").content.decode()


def test_a_page_added_under_a_private_section_is_private_at_once(client, catalogue):
    PageViewRestriction.objects.create(
        page=catalogue.sectors["biomedical"], restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get("/offres/").status_code == 200  # the private sections are read

    OfferPageFactory(parent=catalogue.sectors["biomedical"], title="Échographes portables")

    assert "Échographes portables" not in client.get("/offres/").content.decode()


def test_pages_added_without_a_publication_are_found(client, catalogue):
    assert client.get(OFFER_URL).status_code == 200
    sector = SectorPageFactory(
        parent=catalogue.index, family=PurchaseFamilyFactory(slug="ehpad"), slug="ehpad"
    )
    offer = OfferPageFactory(parent=sector, slug="lits-medicalises", title="Lits médicalisés")

    assert client.get("/offres/ehpad/").status_code == 200
    response = client.get("/offres/ehpad/lits-medicalises/")
    assert response.status_code == 200
    assert response.context["page"].pk == offer.pk


def test_a_page_type_with_its_own_route_gets_the_rest_of_the_path(client, help_index, monkeypatch):
    article = HelpPageFactory(parent=help_index, title="Adhérer", slug="adherer")

    def route(self, request, path_components):
        if path_components == ["formulaire"]:
            return RouteResult(self, kwargs={"step": "formulaire"})
        return Page.route(self, request, path_components)

    monkeypatch.setattr(HelpPage, "route", route)

    page, args, kwargs = Page.route_for_request(
        RequestFactory().get("/"), "/aide/adherer/formulaire/"
    )
    assert (page.pk, kwargs) == (article.pk, {"step": "formulaire"})
    assert client.get("/aide/adherer/formulaire/").status_code == 200
    assert client.get("/aide/adherer/autre/").status_code == 404


def test_an_alias_is_served_with_its_source_content(client, help_index):
    article = HelpPageFactory(parent=help_index, title="Adhérer à la centrale", slug="adherer")
    article.create_alias(update_slug="adhesion")

    response = client.get("/aide/adhesion/")

    assert response.status_code == 200
    assert "Adhérer à la centrale" in response.content.decode()


def test_an_alias_follows_the_restrictions_of_its_source(client, help_index):
    article = HelpPageFactory(parent=help_index, title="Adhérer à la centrale", slug="adherer")
    article.create_alias(update_slug="adhesion")
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)

    assert client.get("/aide/adhesion/").status_code == 302


def test_each_host_gets_its_own_site(client, catalogue, settings):
    settings.ALLOWED_HOSTS = ["testserver", "acheteurs.example", "inconnu.example"]
    other_home = HomePageFactory(
        parent=Page.get_first_root_node(), title="Autre portail", slug="autre-portail"
    )
    Site.objects.create(hostname="acheteurs.example", port=80, root_page=other_home)

    assert client.get("/").context["page"].pk == catalogue.index.get_parent().pk
    assert client.get("/", HTTP_HOST="acheteurs.example").context["page"].pk == other_home.pk
    assert client.get("/offres/", HTTP_HOST="acheteurs.example").status_code == 404
    assert client.get("/offres/", HTTP_HOST="inconnu.example").status_code == 200  # default


def test_a_changed_site_host_applies_at_once(client, catalogue, settings):
    settings.ALLOWED_HOSTS = ["testserver", "ailleurs.example"]
    assert client.get(OFFER_URL).status_code == 200
    site = Site.objects.get()
    site.is_default_site = False
    site.hostname = "ailleurs.example"
    site.save()

    assert client.get(OFFER_URL).status_code == 404
    assert client.get(OFFER_URL, HTTP_HOST="ailleurs.example").status_code == 200


def test_a_page_moved_without_a_publication_is_not_served_at_its_old_path(client, catalogue):
    """The page remembered for a path is read back only if it is still live at that path."""
    assert client.get(OFFER_URL).status_code == 200
    offer = catalogue.offers["titres"]
    offer.slug = "titres-restaurant-2"
    offer.save()  # no publication signal: the content version stays
    offer.set_url_path(offer.get_parent())
    offer.save()

    assert client.get(OFFER_URL).status_code == 404
    assert client.get("/offres/equipements-generaux/titres-restaurant-2/").status_code == 200


def test_a_page_unpublished_without_a_signal_is_not_served(client, catalogue):
    assert client.get(OFFER_URL).status_code == 200
    Page.objects.filter(pk=catalogue.offers["titres"].pk).update(live=False)

    assert client.get(OFFER_URL).status_code == 404


def test_a_page_served_again_is_read_in_one_query(client, catalogue, django_assert_num_queries):
    """Wagtail's routing finds it once (two queries per level); then the site, the home page
    and the offer itself; the view restrictions, the fragments and the families cost nothing."""
    client.get(OFFER_URL)

    with django_assert_num_queries(3):
        assert client.get(OFFER_URL).status_code == 200


@pytest.mark.parametrize("name", ["root", "home", "index", "sector", "offer"])
def test_view_restrictions_are_those_wagtail_finds(catalogue, help_index, name):
    article = HelpPageFactory(parent=help_index, title="Adhérer", slug="adherer")
    alias = article.create_alias(update_slug="adhesion")
    PageViewRestriction.objects.create(
        page=restricted(catalogue, name), restriction_type=PageViewRestriction.LOGIN
    )
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    pages = [
        *(page.specific for page in Page.objects.filter(depth__gt=1)),
        alias.specific,
    ]

    for page in pages:
        ours = set(page.get_view_restrictions().values_list("pk", flat=True))
        wagtails = set(Page.get_view_restrictions(page).values_list("pk", flat=True))
        assert ours == wagtails, page
