"""A failed login costs the same work whatever the account: unknown, confirmed, unconfirmed.

The work is counted in password hashes, the one cost an attacker can measure over HTTP.
"""

import pytest
from django.contrib.auth import SESSION_KEY

from tests.factories.buyer_space import PASSWORD, BuyerFactory, ProfileFactory, UserFactory
from tests.security.hashers import CountingMD5Hasher

LOGIN_URL = "/compte/connexion/"


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.security.hashers.CountingMD5Hasher"]
    CountingMD5Hasher.calls = 0
    return CountingMD5Hasher


def hashes_for(client, hasher, username, password, url=LOGIN_URL):
    hasher.calls = 0
    response = client.post(url, {"username": username, "password": password})
    assert response.status_code == 200
    assert client.session.get(SESSION_KEY) is None
    return hasher.calls


@pytest.mark.django_db
def test_every_failed_portal_login_costs_the_same_number_of_hashes(client, counting_hasher):
    confirmed = BuyerFactory(email="confirmee@ch-test.example")
    unconfirmed = UserFactory(email="en-cours@ch-test.example", is_active=False)
    ProfileFactory(user=unconfirmed, email_confirmed_at=None)
    deactivated = BuyerFactory(email="desactivee@ch-test.example", is_active=False)

    work = {
        "unknown": hashes_for(client, counting_hasher, "inconnu@ch-test.example", "mauvais"),
        "confirmed": hashes_for(client, counting_hasher, confirmed.email, "mauvais"),
        "unconfirmed": hashes_for(client, counting_hasher, unconfirmed.email, "mauvais"),
        "deactivated": hashes_for(client, counting_hasher, deactivated.email, "mauvais"),
        # The right password of an unconfirmed account: told to confirm, at the same cost.
        "unconfirmed, right password": hashes_for(
            client, counting_hasher, unconfirmed.email, PASSWORD
        ),
    }
    assert work["unknown"] >= 1
    assert len(set(work.values())) == 1, work


@pytest.mark.django_db
def test_every_failed_admin_login_costs_the_same_number_of_hashes(client, counting_hasher):
    UserFactory(username="agent", email="agent@centrale.example", is_staff=True)
    unconfirmed = UserFactory(email="en-cours@ch-test.example", is_active=False)
    ProfileFactory(user=unconfirmed, email_confirmed_at=None)
    work = {
        "unknown": hashes_for(client, counting_hasher, "personne", "mauvais", "/admin/login/"),
        "staff": hashes_for(client, counting_hasher, "agent", "mauvais", "/admin/login/"),
        "unconfirmed": hashes_for(
            client, counting_hasher, unconfirmed.email, "mauvais", "/admin/login/"
        ),
    }
    assert len(set(work.values())) == 1, work
