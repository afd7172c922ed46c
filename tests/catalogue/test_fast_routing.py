"""The catalogue's routing (``catalogue.routing``): Wagtail's answers with fewer queries.

Wagtail's own routing is the reference: the site chosen for a host, the page found for a path,
the pages that route by themselves, aliases, and the snapshot forgetting what editors change.
"""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.url_routing import RouteResult

from catalogue.routing import RoutingSnapshot, route_for_request, routing_snapshot
from help.models import HelpPage
from tests.factories.help import HelpPageFactory

pytestmark = pytest.mark.django_db

OFFER_URL = "/offres/equipements-generaux/titres-restaurant/"

# Sites as (hostname, port, is default); the hosts asked for as (hostname, port).
SITE_SETUPS = {
    "one default": [("localhost", 80, True)],
    "default and another host": [("localhost", 80, True), ("acheteurs.example", 80, False)],
    "same host, two ports": [("acheteurs.example", 80, True), ("acheteurs.example", 8080, False)],
    "no default, two ports": [("acheteurs.example", 80, False), ("acheteurs.example", 81, False)],
    "default and one host on another port": [
        ("localhost", 80, True),
        ("acheteurs.example", 8080, False),
    ],
    "no default": [("acheteurs.example", 80, False)],
}
HOSTS = [
    ("localhost", 80),
    ("acheteurs.example", 80),
    ("acheteurs.example", 8080),
    ("acheteurs.example", 443),
    ("inconnu.example", 80),
]


@pytest.mark.parametrize("setup", SITE_SETUPS)
def test_the_site_found_for_each_host_is_wagtails(home_page, setup):
    Site.objects.all().delete()
    for hostname, port, is_default in SITE_SETUPS[setup]:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home_page, is_default_site=is_default
        )
    snapshot = routing_snapshot()

    for hostname, port in HOSTS:
        try:
            expected = get_site_for_hostname(hostname, port).pk
        except Site.DoesNotExist:
            expected = None
        found = snapshot.find_site(hostname, port)
        assert (found.pk if found else None) == expected, (hostname, port)


def test_the_snapshot_follows_site_and_restriction_changes(page_tree):
    before = routing_snapshot()
    assert isinstance(before, RoutingSnapshot)
    assert before.restricted_paths == ()

    PageViewRestriction.objects.create(
        page=page_tree["help"], restriction_type=PageViewRestriction.LOGIN
    )
    assert routing_snapshot().restricted_paths == (page_tree["help"].path,)

    site = Site.objects.get()
    site.hostname = "acheteurs.example"
    site.save()
    assert [s.hostname for s in routing_snapshot().sites] == ["acheteurs.example"]


def test_an_offer_is_found_in_one_query(client, catalogue, django_assert_num_queries):
    request = RequestFactory().get(OFFER_URL)
    routing_snapshot(request)  # read once per content version, with the pages that have children

    with django_assert_num_queries(1):  # the offer with its family (a filière has offers only)
        page, args, kwargs = route_for_request(request, OFFER_URL)

    assert page.pk == catalogue.offers["titres"].pk
    assert page.family.slug == "equipements-generaux"
    assert [p.title for p in (page.get_parent(), page.get_parent().get_parent())] == [
        "Équipements généraux",
        catalogue.index.title,
    ]
    # Outside every restricted section: Wagtail's check reads nothing.
    with django_assert_num_queries(0):
        assert list(page.get_view_restrictions()) == []


def test_pages_the_snapshot_does_not_know_yet_are_found(client, catalogue):
    """Pages added without a publication (no purge): the snapshot's tree is out of date, the
    database still answers."""
    from tests.factories.catalogue import OfferPageFactory, PurchaseFamilyFactory, SectorPageFactory

    assert client.get(OFFER_URL).status_code == 200  # the snapshot is built
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
    request = RequestFactory().get("/")

    page, args, kwargs = route_for_request(request, "/aide/adherer/formulaire/")
    assert (page.pk, kwargs) == (article.pk, {"step": "formulaire"})
    assert route_for_request(request, "/aide/adherer/autre/") is None


def test_an_alias_is_routed_as_wagtail_routes_it(client, help_index):
    article = HelpPageFactory(parent=help_index, title="Adhérer à la centrale", slug="adherer")
    article.create_alias(update_slug="adhesion")

    response = client.get("/aide/adhesion/")

    assert response.status_code == 200
    assert "Adhérer à la centrale" in response.content.decode()


def test_a_draft_is_not_served_and_an_unknown_path_is_a_404(client, catalogue):
    request = RequestFactory().get("/")
    assert route_for_request(request, "/offres/biomedical/brouillon/") is None
    assert route_for_request(request, "/offres/inconnue/") is None
    assert client.get("/offres/biomedical/brouillon/").status_code == 404


def test_a_restricted_section_is_still_checked(client, catalogue):
    PageViewRestriction.objects.create(
        page=catalogue.sectors["equipements"], restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(OFFER_URL).status_code == 302
    assert client.get("/offres/biomedical/retro-alveolaire/").status_code == 200


def test_no_site_for_the_host_is_a_404(client, catalogue):
    site = Site.objects.get()
    site.is_default_site = False
    site.hostname = "ailleurs.example"
    site.save()

    assert route_for_request(RequestFactory().get("/"), OFFER_URL) is None
    assert client.get(OFFER_URL).status_code == 404
