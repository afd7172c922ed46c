"""Mail bombing: password reset, new confirmation link and registration with a known address
are throttled per address and per client IP, with the same answer whether throttled or not;
when the cache is down, the throttle lets everything through and says so in the log."""

import logging

import pytest
from django.core import mail
from django.test import Client

from tests.buyer_space.accounts.test_registration import page_one
from tests.factories.buyer_space import BuyerFactory, ProfileFactory, UserFactory
from tests.factories.membership import EstablishmentFactory

RESET_URL = "/compte/mot-de-passe/oublie/"
RESEND_URL = "/compte/confirmation/nouveau-lien/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def _send(client, url, email):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": email})
        body = response.content if response.status_code == 200 else response["Location"]
        return response.status_code, body

    return _send


def test_eight_resets_send_three_emails_and_answer_alike(client, send):
    buyer = BuyerFactory(email="claire@ch-test.example")
    answers = {send(client, RESET_URL, buyer.email) for _ in range(8)}
    assert answers == {(302, "/compte/mot-de-passe/oublie/envoye/")}
    assert [message.to for message in mail.outbox] == [[buyer.email]] * 3


def test_the_address_limit_holds_from_another_ip(send):
    buyer = BuyerFactory(email="claire@ch-test.example")
    for n in range(6):
        send(Client(REMOTE_ADDR=f"10.0.0.{n}"), RESET_URL, buyer.email)
    assert len(mail.outbox) == 3


def test_one_ip_cannot_bomb_many_addresses(send, settings):
    settings.EMAIL_THROTTLE = {**settings.EMAIL_THROTTLE, "per_ip": 4}
    buyers = [BuyerFactory() for _ in range(6)]
    client = Client(REMOTE_ADDR="192.0.2.7")
    for buyer in buyers:
        send(client, RESET_URL, buyer.email)
    assert len(mail.outbox) == 4
    # Another client is not held by the first one's count.
    send(Client(REMOTE_ADDR="192.0.2.8"), RESET_URL, buyers[-1].email)
    assert len(mail.outbox) == 5


def test_new_confirmation_links_are_throttled_and_answer_alike(client, send):
    user = UserFactory(email="nouveau@ch-test.example", is_active=False)
    ProfileFactory(user=user, email_confirmed_at=None)
    answers = {send(client, RESEND_URL, user.email) for _ in range(8)}
    assert len(answers) == 1
    assert len(mail.outbox) == 3


def test_registering_a_known_address_again_is_throttled(client, django_capture_on_commit_callbacks):
    BuyerFactory(email="claire.dupont@ch-test.example")
    establishment = EstablishmentFactory()
    for _ in range(6):
        client.cookies.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/compte/inscription/", page_one(establishment=establishment.pk))
        assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_with_the_cache_down_the_throttle_fails_open_and_logs(client, send, settings, caplog):
    # A real Redis client pointed at a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    buyer = BuyerFactory(email="claire@ch-test.example")
    with caplog.at_level(logging.WARNING, logger="espace_site.throttle"):
        answers = {send(client, RESET_URL, buyer.email) for _ in range(4)}
    assert answers == {(302, "/compte/mot-de-passe/oublie/envoye/")}
    assert len(mail.outbox) == 4
    assert "the cache is unreachable" in caplog.text
