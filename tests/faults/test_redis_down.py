"""Redis down never takes the site down: the cache is an accelerator, the broker's work waits
in the outbox, sessions live in the database, and a purge made during the outage is not lost."""

import logging
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from buyer_space.notifications.models import Subscription
from espace_site import cache as page_cache
from espace_site.outbox.models import OutboxEmail
from espace_site.settings.base import redis_cache
from membership.deposits.models import ConventionDeposit
from tests.buyer_space.notifications.notification_helpers import make_offer, publish
from tests.membership.deposits.deposit_helpers import form_data

from .conftest import come_back

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


@pytest.fixture
def offer(world, catalogue_index):
    return make_offer(catalogue_index, world.families[0], access_mode="intermediaire")


def page_cache_keys(redis_server):
    return [key for key in redis_server.client().keys("*") if b"page-cache" in key]


def test_the_public_pages_render_from_the_database_with_redis_down(
    client, redis_site, offer, page_tree
):
    redis_site.stop()
    pages = {
        "/": "Espace",
        "/offres/": "Titres restaurant",
        offer.url: "Titres restaurant",
        reverse("buyer_space:login"): "Connexion",
        reverse("buyer_space:register"): "Inscription",
        reverse("buyer_space:password_reset"): "Mot de passe",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_the_cache_failure_is_logged_once_per_interval(client, redis_site, page_tree, caplog):
    redis_site.stop()
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            assert client.get("/offres/").status_code == 200
    ignored = [r for r in caplog.records if r.name == "espace_site.cache.redis"]
    assert len(ignored) == 1
    assert ignored[0].exc_info is not None  # says which error: refused, timed out…


def test_login_and_password_reset_work_with_redis_down(
    client, redis_site, world, django_capture_on_commit_callbacks
):
    world.user.set_password("un-mot-de-passe-solide")
    world.user.save()
    redis_site.stop()
    response = client.post(
        reverse("buyer_space:login"),
        {"username": world.user.email, "password": "un-mot-de-passe-solide"},
    )
    assert response.status_code == 302
    assert client.get(reverse("buyer_space:space")).status_code == 200

    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("buyer_space:password_reset"), {"email": world.user.email})
    assert response.status_code == 302
    # The broker is down too: the e-mail waits in the outbox for the drain.
    assert OutboxEmail.objects.filter(recipients=[world.user.email], sent_at=None).exists()


def test_the_bell_and_the_deposit_form_work_with_redis_down(
    client, redis_site, world, offer, django_capture_on_commit_callbacks, caplog
):
    client.force_login(world.admin)
    redis_site.stop()

    toggle = reverse("buyer_space:toggle_subscription", args=[offer.pk])
    assert client.post(toggle, {"abonne": "1", "next": offer.url}).status_code == 302
    assert Subscription.objects.filter(user=world.admin, offer=offer).exists()

    form_url = reverse("membership:deposit_form", args=[offer.pk])
    assert client.get(form_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, form_data(world.establishment))
    assert response.status_code == 302
    deposit = ConventionDeposit.objects.get()
    row = OutboxEmail.objects.get(key=f"deposit-received:{deposit.pk}")
    assert row.sent_at is None
    assert "Broker unavailable" in caplog.text


def test_sessions_survive_a_redis_restart(client, redis_site, world):
    client.force_login(world.user)
    assert client.get(reverse("buyer_space:space")).status_code == 200
    redis_site.stop()
    come_back(redis_site)
    assert client.get(reverse("buyer_space:space")).status_code == 200


def test_the_page_cache_serves_again_once_redis_is_back(client, redis_site, page_tree):
    redis_site.stop()
    assert client.get("/offres/").status_code == 200
    come_back(redis_site)
    assert client.get("/offres/").status_code == 200
    assert page_cache_keys(redis_site)


def test_a_publication_during_the_outage_is_not_served_stale_once_redis_is_back(
    client, redis_site, offer
):
    assert "Titres restaurant" in client.get(offer.url).content.decode()
    assert page_cache_keys(redis_site)  # the page is cached

    # Redis goes away with its data (a server with persistence, or out of reach for a while)…
    redis_site.stop(keep_data=True)
    publish(offer, title="Titres restaurant 2026")
    assert page_cache.purge_owed()

    # … and comes back with the old version and the old page.
    come_back(redis_site)
    assert page_cache_keys(redis_site)
    html = client.get(offer.url).content.decode()
    assert "Titres restaurant 2026" in html
    assert not page_cache.purge_owed()


def test_a_process_that_saw_the_outage_purges_once_redis_is_back(client, redis_site, offer):
    """Another process published during the outage: this one read nothing, so it purges."""
    client.get(offer.url)
    version = cache.get(page_cache.VERSION_KEY)
    redis_site.stop(keep_data=True)
    assert client.get(offer.url).status_code == 200  # rendered, the cache unreachable
    come_back(redis_site)
    client.get(offer.url)
    assert cache.get(page_cache.VERSION_KEY) != version


def test_a_hung_redis_costs_a_page_one_timeout_not_one_per_cache_call(
    client, settings, redis_server, world, catalogue_index, cache_logger
):
    """Frozen (SIGSTOP), Redis accepts connections and never answers: after one timeout the
    breaker fails every other call at once, for its delay (the production default here)."""
    settings.CACHES = {"default": redis_cache(redis_server.url)}
    settings.PAGE_CACHE_SECONDS = 300
    for family in world.families:
        make_offer(catalogue_index, family)
    assert client.get("/offres/").status_code == 200
    redis_server.pause()
    started = time.monotonic()
    for url in ("/", "/offres/", "/offres/?famille=biomedical"):
        assert client.get(url).status_code == 200
    elapsed = time.monotonic() - started
    redis_server.resume()
    # Without the breaker: some twenty calls a page, 0.25 s each (about 15 s here).
    assert elapsed < 3, elapsed
