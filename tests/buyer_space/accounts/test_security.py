"""Lockout after repeated failures (portal and Wagtail admin logins), CSRF, forged fields."""

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from buyer_space.accounts.models import Affiliation
from tests.factories.buyer_space import PASSWORD, BuyerFactory, UserFactory
from tests.factories.membership import EstablishmentFactory

User = get_user_model()
LOCKOUT_TITLE = "Connexion temporairement bloquée"


def fail(client, url, username, times, **extra):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "mauvais"}, **extra)
        assert response.status_code == 200, "locked out too early"
    return response


@pytest.mark.django_db
def test_the_portal_login_locks_out_after_five_failures(client):
    buyer = BuyerFactory(email="claire.dupont@ch-test.example")
    # Changing the case of the address does not buy more attempts.
    for typed in ("claire.dupont@ch-test.example", "CLAIRE.dupont@ch-test.example"):
        fail(client, "/compte/connexion/", typed, 2)
    # The fifth failure locks the pair (address, IP) out…
    response = client.post(
        "/compte/connexion/", {"username": "Claire.Dupont@CH-TEST.example", "password": "x"}
    )
    assert response.status_code == 429
    # … even with the right password.
    response = client.post("/compte/connexion/", {"username": buyer.email, "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 429
    assert LOCKOUT_TITLE in html
    assert "pendant 15 minutes" in html
    assert '<html lang="fr">' in html
    assert client.session.get(SESSION_KEY) is None

    # Another address from the same place, or the same address from elsewhere, is not locked.
    other = BuyerFactory()
    response = client.post("/compte/connexion/", {"username": other.email, "password": PASSWORD})
    assert response.status_code == 302
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    response = elsewhere.post("/compte/connexion/", {"username": buyer.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_four_failures_then_success_resets_the_count(client):
    buyer = BuyerFactory()
    fail(client, "/compte/connexion/", buyer.email, 4)
    response = client.post("/compte/connexion/", {"username": buyer.email, "password": PASSWORD})
    assert response.status_code == 302
    client.post("/compte/deconnexion/")
    fail(client, "/compte/connexion/", buyer.email, 4)


@pytest.mark.django_db
def test_the_wagtail_admin_login_locks_out_too(client):
    staff = UserFactory(username="agent", email="agent@centrale.example", is_staff=True)
    staff.is_superuser = True
    staff.save()
    for _ in range(4):
        response = client.post("/admin/login/", {"username": "agent", "password": "mauvais"})
        assert response.status_code == 200
    response = client.post("/admin/login/", {"username": "Agent", "password": "mauvais"})
    assert response.status_code == 429
    response = client.post("/admin/login/", {"username": "AGENT", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKOUT_TITLE in response.content.decode()
    response = client.post("/admin/login/", {"username": "agent", "password": PASSWORD})
    assert response.status_code == 429
    assert client.session.get(SESSION_KEY) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/compte/connexion/", {"username": "a@b.fr", "password": "x"}),
        ("/compte/inscription/", {"email": "a@b.fr"}),
        ("/compte/mot-de-passe/oublie/", {"email": "a@b.fr"}),
        ("/compte/confirmation/nouveau-lien/", {"email": "a@b.fr"}),
        ("/compte/deconnexion/", {}),
    ],
)
def test_every_form_needs_its_csrf_token(url, data):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url, data).status_code == 403


@pytest.mark.django_db
def test_forged_fields_cannot_grant_staff_access(client, django_capture_on_commit_callbacks):
    establishment = EstablishmentFactory()
    editors = Group.objects.create(name="Éditeurs")
    data = {
        "civility": "M.",
        "first_name": "Mallory",
        "last_name": "Pirate",
        "email": "mallory@ch-test.example",
        "phone": "0612345678",
        "establishment": establishment.pk,
        "service": "Achats",
        "job_title": "Acheteur",
        "function": "acheteur",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "privacy_consent": "on",
        # Forged:
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "on",
        "groups": [editors.pk],
        "user_permissions": ["1", "2"],
        "username": "admin",
        "role": "administrateur",
        "status": "actif",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/inscription/", data)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.username == "mallory@ch-test.example"
    assert not (user.is_staff or user.is_superuser or user.is_active)
    assert not user.groups.exists() and not user.user_permissions.exists()
    affiliation = Affiliation.objects.get(user=user)
    assert (affiliation.role, affiliation.status) == ("utilisateur", "en-attente")
