"""Login by e-mail address, logout, and the header's account links."""

import pytest
from django.contrib.auth import SESSION_KEY

from tests.factories.buyer_space import PASSWORD, BuyerFactory, ProfileFactory, UserFactory

LOGIN_URL = "/compte/connexion/"
LOGOUT_URL = "/compte/deconnexion/"
GENERIC_ERROR = "Adresse e-mail ou mot de passe incorrect."


def logged_in_as(client):
    return client.session.get(SESSION_KEY)


@pytest.fixture
def buyer(db):
    return BuyerFactory(email="claire.dupont@ch-test.example")


@pytest.mark.django_db
def test_the_login_page(client):
    html = client.get(LOGIN_URL).content.decode()
    assert "<h1>Connexion</h1>" in html
    assert ">Adresse e-mail <" in html and ">Mot de passe <" in html
    assert 'href="/compte/mot-de-passe/oublie/"' in html
    assert 'href="/compte/inscription/"' in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        "claire.dupont@ch-test.example",
        "Claire.Dupont@CH-Test.example",
        "  CLAIRE.DUPONT@CH-TEST.EXAMPLE ",
    ],
)
def test_login_by_email_whatever_its_case(client, buyer, typed):
    response = client.post(LOGIN_URL, {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/mon-espace/"
    assert logged_in_as(client) == str(buyer.pk)


@pytest.mark.django_db
def test_login_goes_back_to_a_safe_next_page_only(client, buyer):
    credentials = {"username": buyer.email, "password": PASSWORD}
    response = client.post(f"{LOGIN_URL}?next=/offres/", credentials)
    assert response["Location"] == "/offres/"
    client.logout()
    response = client.post(f"{LOGIN_URL}?next=https://pirate.example/", credentials)
    assert response["Location"] == "/mon-espace/"


@pytest.mark.django_db
def test_a_wrong_password_gives_a_french_message(client, buyer):
    response = client.post(LOGIN_URL, {"username": buyer.email, "password": "mauvais"})
    html = response.content.decode()
    assert response.status_code == 200
    assert GENERIC_ERROR in html
    assert logged_in_as(client) is None


@pytest.mark.django_db
def test_an_unknown_address_gives_the_same_message(client, buyer):
    response = client.post(LOGIN_URL, {"username": "personne@nulle-part.example", "password": "x"})
    assert GENERIC_ERROR in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"username": "a@b.fr"}, {"password": "x"}])
def test_missing_fields_give_a_french_message(client, data):
    response = client.post(LOGIN_URL, data)
    assert response.status_code == 200
    assert "Champ requis." in response.content.decode()


@pytest.mark.django_db
def test_an_unconfirmed_account_cannot_log_in_and_is_told_why(client):
    user = UserFactory(email="nouveau@ch-test.example", is_active=False)
    ProfileFactory(user=user, email_confirmed_at=None)
    response = client.post(LOGIN_URL, {"username": user.email, "password": PASSWORD})
    html = response.content.decode()
    assert logged_in_as(client) is None
    assert "Votre adresse e-mail n&#x27;est pas encore confirmée" in html
    assert 'href="/compte/confirmation/nouveau-lien/"' in html
    # With a wrong password the message reveals nothing.
    response = client.post(LOGIN_URL, {"username": user.email, "password": "mauvais"})
    html = response.content.decode()
    assert GENERIC_ERROR in html and "pas encore confirmée" not in html


@pytest.mark.django_db
def test_a_deactivated_account_cannot_log_in(client):
    user = BuyerFactory(is_active=False)
    response = client.post(LOGIN_URL, {"username": user.email, "password": PASSWORD})
    html = response.content.decode()
    assert logged_in_as(client) is None
    assert GENERIC_ERROR in html and "pas encore confirmée" not in html


@pytest.mark.django_db
def test_a_logged_in_visitor_is_sent_to_his_space(client, buyer):
    client.force_login(buyer)
    response = client.get(LOGIN_URL)
    assert response.status_code == 302
    assert response["Location"] == "/mon-espace/"


@pytest.mark.django_db
def test_logout_needs_a_post(client, buyer):
    client.force_login(buyer)
    assert client.get(LOGOUT_URL).status_code == 405
    assert logged_in_as(client) == str(buyer.pk)
    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_as(client) is None


@pytest.mark.django_db
def test_header_links_for_an_anonymous_visitor(client):
    html = client.get(LOGIN_URL).content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert ">Se connecter</a>" in header
    assert 'href="/compte/connexion/?next=%2Fcompte%2Fconnexion%2F"' in header
    assert 'href="/compte/inscription/">Créer un compte</a>' in header
    assert "Se déconnecter" not in header and "Mon espace" not in header


@pytest.mark.django_db
def test_header_links_for_a_logged_in_buyer(client, buyer):
    client.force_login(buyer)
    html = client.get("/compte/mot-de-passe/modifier/").content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert 'href="/mon-espace/">Mon espace</a>' in header
    assert '<form method="post" action="/compte/deconnexion/">' in header
    assert 'name="csrfmiddlewaretoken"' in header
    assert ">Se déconnecter</button>" in header
    assert "Se connecter" not in header and "Administration" not in header


@pytest.mark.django_db
def test_header_links_for_staff_keep_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    html = client.get("/compte/mot-de-passe/modifier/").content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert 'href="/admin/">Administration</a>' in header
    assert ">Se déconnecter</button>" in header


@pytest.mark.django_db
def test_staff_still_log_in_to_the_admin_with_their_username(client):
    staff = UserFactory(username="admin", email="admin@centrale.example", is_staff=True)
    staff.is_superuser = True
    staff.save()
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_as(client) == str(staff.pk)
