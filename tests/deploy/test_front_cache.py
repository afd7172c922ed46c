"""The reverse proxy's cache: which answers it may keep, and which URLs a publication purges
(a purge receiver of the test's own, in a thread)."""

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.utils import timezone

from catalogue.choices import AccessMode, OfferStatus
from tests.factories.catalogue import (
    OfferCalendarPageFactory,
    OfferPageFactory,
    PurchaseFamilyFactory,
    SectorPageFactory,
)

pytestmark = pytest.mark.django_db


# -- Cache-Control and Vary ---------------------------------------------------------------------


@pytest.fixture
def offer(catalogue_index):
    sector = SectorPageFactory(parent=catalogue_index, family=PurchaseFamilyFactory(slug="sante"))
    return OfferPageFactory(parent=sector, family=sector.family, slug="gants")


def test_an_anonymous_page_is_public_for_a_while_and_varies_on_the_cookie(offer, settings):
    settings.FRONT_CACHE_SECONDS = 120
    for url in ("/", "/offres/", "/offres/?famille=sante&page=1", offer.url):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=120", url
        # The pages show the header's account links: what a logged-in visitor sees differs.
        assert "Cookie" in response["Vary"], url


def test_the_page_cache_serves_the_same_headers(offer, settings):
    settings.PAGE_CACHE_SECONDS = 300
    first, second = Client().get("/offres/"), Client().get("/offres/")
    assert first["Cache-Control"] == second["Cache-Control"] == "public, max-age=300"
    assert first["Vary"] == second["Vary"]


def test_a_logged_in_page_is_private(offer, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("lecteur", password="x" * 12))
    for url in ("/", "/offres/", offer.url):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private", url


def test_an_anonymous_answer_setting_a_cookie_is_private(offer):
    client = Client()
    client.cookies["messages"] = "x"  # a message waiting: the page would show it
    response = client.get("/offres/")
    assert response["Cache-Control"] == "private"


def test_a_view_choosing_its_cache_control_keeps_it(home_page):
    assert "no-cache" in Client().get("/sante/")["Cache-Control"]


def test_no_public_answer_when_the_front_cache_is_off(offer, settings):
    settings.FRONT_CACHE_SECONDS = 0
    assert not Client().get("/offres/").has_header("Cache-Control")


# -- Purging on publication ---------------------------------------------------------------------


class PurgeReceiver:
    """An HTTP server recording the PURGE requests it gets, as ``host + path``."""

    def __init__(self):
        self.purged = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 (http.server's naming)
                receiver.purged.append(f"{self.headers['Host']}{self.path}")
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def purge_receiver(settings):
    receiver = PurgeReceiver()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": receiver.url,
        }
    }
    yield receiver
    receiver.stop()


@pytest.fixture
def catalogue_tree(catalogue_index):
    """Two filières: 45 offers in *santé* (three pages of 20), one in *bâtiment*; a calendar."""
    sante = SectorPageFactory(parent=catalogue_index, family=PurchaseFamilyFactory(slug="sante"))
    batiment = SectorPageFactory(
        parent=catalogue_index, family=PurchaseFamilyFactory(slug="batiment")
    )
    for _ in range(44):
        OfferPageFactory(parent=sante, family=sante.family)
    OfferPageFactory(parent=batiment, family=batiment.family)
    calendar = OfferCalendarPageFactory(parent=catalogue_index)
    offer = OfferPageFactory(parent=sante, family=sante.family, slug="gants", live=False)
    return {"sante": sante, "batiment": batiment, "calendar": calendar, "offer": offer}


def publish(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_publishing_an_offer_purges_what_shows_it(
    catalogue_tree, purge_receiver, django_capture_on_commit_callbacks
):
    offer = catalogue_tree["offer"]
    publish(offer, django_capture_on_commit_callbacks)

    purged = set(purge_receiver.purged)
    year = timezone.localdate().year
    host = "localhost"
    expected = {
        # The offer (Wagtail's own purge), its filière (46 offers: three pages) and the home page.
        f"{host}/offres/sante/gants/",
        f"{host}/",
        f"{host}/offres/sante/",
        *(f"{host}/offres/sante/?page={n}" for n in (1, 2, 3)),
        # The catalogue, its pages (47 offers: three pages), each family's listing and pages.
        f"{host}/offres/",
        *(f"{host}/offres/?page={n}" for n in (1, 2, 3)),
        f"{host}/offres/?famille=sante",
        *(f"{host}/offres/?famille=sante&page={n}" for n in (1, 2, 3)),
        f"{host}/offres/?famille=batiment",
        f"{host}/offres/?famille=batiment&page=1",
        *(f"{host}/offres/?mode={mode}" for mode in AccessMode.values),
        *(f"{host}/offres/?statut={status}" for status in OfferStatus.values),
        # The calendar and its years.
        f"{host}/offres/calendrier/",
        f"{host}/offres/calendrier/?annee={year}",
        f"{host}/offres/calendrier/?annee={year + 10}",
        # The pages API's answers naming it.
        f"{host}/api/v2/pages/{offer.pk}/",
        f"{host}/api/v2/pages/",
        f"{host}/api/v2/pages/?type=catalogue.OfferPage",
        f"{host}/api/v2/pages/?child_of={catalogue_tree['sante'].pk}",
    }
    assert expected <= purged, sorted(expected - purged)
    # Nothing of the other filière (its listing did not change), no page twice.
    assert not [url for url in purged if url.startswith(f"{host}/offres/batiment/")]
    assert len(purge_receiver.purged) == len(purged)
    assert f"{host}/offres/?page=4" not in purged


def test_unpublishing_an_offer_purges_the_same(
    catalogue_tree, purge_receiver, django_capture_on_commit_callbacks
):
    offer = catalogue_tree["offer"]
    publish(offer, django_capture_on_commit_callbacks)
    purge_receiver.purged.clear()
    offer.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        offer.unpublish()
    purged = set(purge_receiver.purged)
    assert {"localhost/offres/sante/gants/", "localhost/offres/", "localhost/offres/sante/"} <= (
        purged
    )


def test_nothing_is_purged_before_the_publication_commits(
    catalogue_tree, purge_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        catalogue_tree["offer"].save_revision().publish()
    assert "localhost/offres/" not in purge_receiver.purged
    assert callbacks


def test_without_a_purge_address_nothing_is_sent(
    catalogue_tree, django_capture_on_commit_callbacks
):
    receiver = PurgeReceiver()
    try:
        publish(catalogue_tree["offer"], django_capture_on_commit_callbacks)
        assert receiver.purged == []
    finally:
        receiver.stop()


def test_the_purge_address_comes_from_the_environment():
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILFRONTENDCACHE))"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "espace_site.settings.test",
        "FRONTEND_CACHE_PURGE_URL": "http://varnish.interne:6081",
        "FRONTEND_CACHE_HOSTNAMES": "espace-acheteur.example",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert '"LOCATION": "http://varnish.interne:6081"' in out
    assert '"HOSTNAMES": ["espace-acheteur.example"]' in out
