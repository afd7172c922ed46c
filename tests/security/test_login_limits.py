"""Login throttling per client address across logins (django-axes with the project's handler):
a password-spraying run from one address is stopped; a hospital behind one NAT address is not
locked out by its staff's first mistakes."""

import pytest
from django.conf import settings as project_settings
from django.contrib.auth import SESSION_KEY
from django.test import Client

from tests.factories.buyer_space import PASSWORD, BuyerFactory

LOGIN_URL = "/compte/connexion/"
NAT = "203.0.113.10"

pytestmark = pytest.mark.django_db


def attempt(username, password, ip=NAT):
    client = Client(REMOTE_ADDR=ip)
    response = client.post(LOGIN_URL, {"username": username, "password": password})
    return response, client


def test_the_limits_are_five_per_login_and_fifty_per_address():
    assert project_settings.AXES_FAILURE_LIMIT == 5
    assert project_settings.LOGIN_FAILURES_PER_ADDRESS == 50


def test_a_spraying_run_from_one_address_is_locked_out(settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 12
    victim = BuyerFactory(email="victime@ch-test.example")
    # Three tries on each of four logins: below the per-login limit every time; the twelfth
    # failure from the address locks it out.
    statuses = [
        attempt(f"agent{n}@ch-test.example", "Printemps2024!")[0].status_code
        for n in range(4)
        for _ in range(3)
    ]
    assert statuses == [200] * 11 + [429]
    # The address is now locked, for every login, even with the right password…
    response, client = attempt(victim.email, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Connexion temporairement bloquée" in html
    assert "depuis votre réseau sont bloquées pendant 15 minutes" in html
    assert client.session.get(SESSION_KEY) is None
    # … while the same account logs in from elsewhere.
    response, _client = attempt(victim.email, PASSWORD, ip="198.51.100.5")
    assert response.status_code == 302


def test_a_hospital_behind_one_nat_address_is_not_locked_by_its_staffs_mistakes():
    staff = [BuyerFactory() for _ in range(10)]
    for buyer in staff:  # twenty failures from the hospital's address
        for _ in range(2):
            assert attempt(buyer.email, "faute de frappe")[0].status_code == 200
    for buyer in staff:
        response, client = attempt(buyer.email, PASSWORD)
        assert response.status_code == 302
        assert client.session.get(SESSION_KEY) == str(buyer.pk)
