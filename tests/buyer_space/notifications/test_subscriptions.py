"""The bell: on the offer page and on the catalogue's cards, with and without JavaScript; the
notification preferences (e-mail on or off, unsubscribe)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyer_space.notifications.models import Subscription
from tests.factories.catalogue import OfferPageFactory

from .notification_helpers import follow, make_offer

pytestmark = pytest.mark.django_db

ON = "Désactiver les notifications"
OFF = "Activer les notifications de cette offre"
LOGIN_BELL = "Se connecter pour activer les notifications"


@pytest.fixture
def offer(world, catalogue_index):
    return make_offer(catalogue_index, world.families[0])


def toggle_url(offer):
    return reverse("buyer_space:toggle_subscription", args=[offer.pk])


def bell_forms(html):
    return re.findall(r'<form class="bell-form"[^>]*>.*?</form>', html, re.S)


def pressed(html):
    return re.findall(r'aria-pressed="(true|false)"', html)


# The offer page -----------------------------------------------------------------------------


def test_an_active_account_sees_the_bell_off(world, offer, login):
    html = login(world.user).get(offer.url).content.decode()
    [form] = bell_forms(html)
    assert f'action="{toggle_url(offer)}"' in form
    assert 'method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="abonne" value="1"' in form
    assert f'name="next" value="{offer.url}"' in form
    assert pressed(form) == ["false"]
    assert OFF in form
    assert html.count("notifications/bell.js") == 1


def test_the_bell_without_javascript_posts_and_comes_back(world, offer, login):
    client = login(world.user)
    response = client.post(toggle_url(offer), {"abonne": "1", "next": offer.url})
    assert response.status_code == 302
    assert response["Location"] == offer.url
    assert Subscription.objects.filter(user=world.user, offer=offer, email_enabled=True).exists()

    page = client.get(offer.url).content.decode()
    assert "Notifications activées pour l&#x27;offre « Titres restaurant »." in page
    [form] = bell_forms(page)
    assert pressed(form) == ["true"]
    assert ON in form
    assert 'name="abonne" value="0"' in form

    client.post(toggle_url(offer), {"abonne": "0", "next": offer.url})
    assert not Subscription.objects.filter(user=world.user).exists()


def test_subscribing_twice_keeps_one_subscription(world, offer, login):
    client = login(world.user)
    for _ in range(2):
        client.post(toggle_url(offer), {"abonne": "1"})
    assert Subscription.objects.filter(user=world.user, offer=offer).count() == 1


def test_without_a_wanted_state_the_bell_toggles(world, offer, login):
    client = login(world.user)
    client.post(toggle_url(offer))
    assert Subscription.objects.filter(user=world.user).count() == 1
    client.post(toggle_url(offer))
    assert Subscription.objects.filter(user=world.user).count() == 0


def test_the_bell_with_javascript_answers_json(world, offer, login):
    client = login(world.user)
    response = client.post(toggle_url(offer), {"abonne": "1"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "subscribed": True,
        "label": ON,
        "message": "Notifications activées pour l'offre « Titres restaurant ».",
        "offer": offer.pk,
    }
    response = client.post(toggle_url(offer), {"abonne": "0"}, HTTP_ACCEPT="application/json")
    assert response.json()["subscribed"] is False
    assert response.json()["label"] == OFF


def test_the_bell_needs_the_csrf_token(world, offer, client):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(world.user)
    assert csrf_client.post(toggle_url(offer), {"abonne": "1"}).status_code == 403
    assert not Subscription.objects.exists()


def test_an_anonymous_visitor_is_invited_to_log_in(offer, client):
    html = client.get(offer.url).content.decode()
    assert bell_forms(html) == []
    link = re.search(r'<a class="[^"]*bell--login[^"]*" href="([^"]+)">', html)
    assert link.group(1) == f"/compte/connexion/?next={offer.url.replace('/', '%2F')}"
    assert LOGIN_BELL in html

    response = client.post(toggle_url(offer), {"abonne": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=")
    json_response = client.post(toggle_url(offer), HTTP_ACCEPT="application/json")
    assert json_response.status_code == 401
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("profile", ["pending", "staff"])
def test_no_bell_for_an_account_that_is_not_active(world, offer, login, profile):
    client = login(world.account(profile))
    html = client.get(offer.url).content.decode()
    assert bell_forms(html) == []
    assert LOGIN_BELL not in html
    assert client.post(toggle_url(offer), {"abonne": "1"}).status_code == 403
    assert not Subscription.objects.exists()


def test_only_live_offers_may_be_followed(world, offer, login):
    draft = OfferPageFactory(parent=offer.get_parent(), live=False)
    client = login(world.user)
    assert client.post(toggle_url(draft), {"abonne": "1"}).status_code == 404
    assert client.post("/mon-espace/abonnements/999999/", {"abonne": "1"}).status_code == 404
    assert client.get(toggle_url(offer)).status_code == 405
    assert not Subscription.objects.exists()


def test_the_bell_never_redirects_off_site(world, offer, login):
    client = login(world.user)
    for target in ("https://pirate.example/", "//pirate.example/", "javascript:alert(1)"):
        response = client.post(toggle_url(offer), {"abonne": "1", "next": target})
        assert response["Location"] == offer.url


# The catalogue's cards ----------------------------------------------------------------------


def add_offers(offer, count):
    return [OfferPageFactory(parent=offer.get_parent()) for _ in range(count)]


def test_each_card_has_its_bell(world, offer, login):
    others = add_offers(offer, 3)
    follow(world.user, others[0])
    client = login(world.user)
    for url in ("/offres/", offer.get_parent().url):
        html = client.get(url).content.decode()
        forms = bell_forms(html)
        assert len(forms) == 4, url
        states = {
            int(re.search(r'data-offer="(\d+)"', form).group(1)): pressed(form)[0] for form in forms
        }
        assert states == {offer.pk: "false", **{o.pk: "false" for o in others}} | {
            others[0].pk: "true"
        }
        assert f'name="next" value="{url}"' in forms[0]
        assert html.count("notifications/bell.js") == 1


def test_a_card_bell_brings_back_to_the_list(world, offer, login):
    client = login(world.user)
    response = client.post(toggle_url(offer), {"abonne": "1", "next": "/offres/?page=1"})
    assert response["Location"] == "/offres/?page=1"


def test_cards_invite_anonymous_visitors_to_log_in(offer, client):
    add_offers(offer, 2)
    html = client.get("/offres/").content.decode()
    assert html.count(LOGIN_BELL) == 3
    assert bell_forms(html) == []
    assert "next=%2Foffres%2F" in html


def test_the_anonymous_cards_kept_in_the_cache_are_never_shown_to_an_account(
    world, offer, client, login
):
    """An anonymous visitor's list of cards is cached per URL; a logged-in one gets its own."""
    add_offers(offer, 2)
    for page in ("1", "2"):
        assert client.get("/offres/", {"page": page}).content.decode().count(LOGIN_BELL) == 3

    html = login(world.user).get("/offres/", {"page": "1"}).content.decode()

    assert LOGIN_BELL not in html
    assert len(bell_forms(html)) == 3
    client.logout()
    assert client.get("/offres/", {"q": "titres"}).content.decode().count(LOGIN_BELL) == 1


def test_no_card_bell_for_a_pending_account(world, offer, login):
    html = login(world.pending).get("/offres/").content.decode()
    assert bell_forms(html) == []
    assert LOGIN_BELL not in html


# The catalogue's budget for a logged-in visitor (tests/catalogue/test_query_counts.py), and
# what an active account adds to it: its profile and rattachements (is it active?), its
# subscriptions among the page's offers (one query for every card), its unread count.
CATALOGUE_LOGGED_IN_BUDGET = 12 + 5
ACTIVE_ACCOUNT_EXTRA = 4


def count_page_queries(client, url, budget):
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= budget, [query["sql"][:120] for query in queries]
    return len(queries)


def test_the_card_bells_cost_one_query_for_the_whole_page(world, offer, login):
    client = login(world.user)
    add_offers(offer, 4)
    follow(world.user, offer)
    budget = CATALOGUE_LOGGED_IN_BUDGET + ACTIVE_ACCOUNT_EXTRA
    with_5 = {
        url: count_page_queries(client, url, budget) for url in ("/offres/", "/offres/biomedical/")
    }
    for other in add_offers(offer, 25):
        follow(world.user, other)
    with_30 = {
        url: count_page_queries(client, url, budget) for url in ("/offres/", "/offres/biomedical/")
    }
    assert with_30 == with_5
    assert len(bell_forms(client.get("/offres/").content.decode())) == 20  # one page of cards


@pytest.mark.parametrize("profile", ["anonymous", "pending"])
def test_the_card_bells_keep_the_core_budget_for_other_visitors(world, offer, login, profile):
    client = login(world.account(profile))
    add_offers(offer, 29)
    for url in ("/offres/", "/offres/biomedical/", offer.url):
        count_page_queries(client, url, CATALOGUE_LOGGED_IN_BUDGET)


# Preferences --------------------------------------------------------------------------------


def preferences(client):
    return client.get(reverse("buyer_space:notification_preferences"))


def update(client, subscription, action):
    return client.post(
        reverse("buyer_space:update_subscription", args=[subscription.pk]), {"action": action}
    )


def test_the_preferences_list_the_followed_offers(world, offer, login):
    follow(world.user, offer)
    follow(world.admin, add_offers(offer, 1)[0])
    response = preferences(login(world.user))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('value="unsubscribe"') == 1
    assert offer.title in html and offer.reference in html
    assert "Ne plus recevoir d'e-mail" in html


def test_email_off_then_on(world, offer, login):
    subscription = follow(world.user, offer)
    client = login(world.user)
    response = update(client, subscription, "email-off")
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.email_enabled is False
    assert "Recevoir un e-mail" in preferences(client).content.decode()
    update(client, subscription, "email-on")
    subscription.refresh_from_db()
    assert subscription.email_enabled is True


def test_unsubscribe_from_the_preferences(world, offer, login):
    subscription = follow(world.user, offer)
    update(login(world.user), subscription, "unsubscribe")
    assert not Subscription.objects.exists()


def test_an_unknown_action_changes_nothing(world, offer, login):
    subscription = follow(world.user, offer, email=True)
    client = login(world.user)
    response = client.post(
        reverse("buyer_space:update_subscription", args=[subscription.pk]),
        {"action": "tout-supprimer"},
        follow=True,
    )
    assert "Action inconnue : rien n&#x27;a été modifié." in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.email_enabled is True


def test_another_accounts_subscription_is_not_found(world, offer, login):
    subscription = follow(world.admin, offer)
    client = login(world.user)
    for action in ("email-off", "unsubscribe"):
        assert update(client, subscription, action).status_code == 404
    subscription.refresh_from_db()
    assert subscription.email_enabled is True
    assert update(login(None), subscription, "unsubscribe").status_code == 302
    assert Subscription.objects.filter(pk=subscription.pk).exists()
