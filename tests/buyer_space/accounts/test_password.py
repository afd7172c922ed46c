"""Password reset (never revealing whether an address is known) and password change."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail

from tests.factories.buyer_space import PASSWORD, BuyerFactory, ProfileFactory, UserFactory

RESET_URL = "/compte/mot-de-passe/oublie/"
RESET_DONE_URL = "/compte/mot-de-passe/oublie/envoye/"
CHANGE_URL = "/compte/mot-de-passe/modifier/"
NEW_PASSWORD = "Encore une phrase de passe 2025"


@pytest.fixture
def buyer(db):
    return BuyerFactory(email="claire.dupont@ch-test.example")


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(url, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **kwargs)

    return _post


def reset_path(message):
    match = re.search(r"https?://testserver(/compte/mot-de-passe/nouveau/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db
def test_the_reset_page_is_french(client):
    html = client.get(RESET_URL).content.decode()
    assert "<h1>Mot de passe oublié</h1>" in html
    assert ">Adresse e-mail <" in html


@pytest.mark.django_db
def test_reset_answers_the_same_for_known_and_unknown_addresses(client, post, buyer):
    inactive = UserFactory(email="inactif@ch-test.example", is_active=False)
    ProfileFactory(user=inactive, email_confirmed_at=None)
    pages = []
    for email in ("CLAIRE.Dupont@ch-test.example", "inconnu@nulle-part.example", inactive.email):
        response = post(RESET_URL, {"email": email})
        assert response.status_code == 302
        assert response["Location"] == RESET_DONE_URL
        pages.append(client.get(RESET_DONE_URL).content)
    assert pages[0] == pages[1] == pages[2]
    assert "Si cette adresse correspond à un compte" in pages[0].decode()
    [message] = mail.outbox
    assert message.to == [buyer.email]
    assert message.subject == "Réinitialisation de votre mot de passe – Espace Acheteur"


@pytest.mark.django_db
def test_reset_mail_is_sent_by_a_task_after_commit(
    client, buyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(RESET_URL, {"email": buyer.email})
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_reset_link_sets_a_new_password_once(client, post, buyer):
    post(RESET_URL, {"email": buyer.email})
    path = reset_path(mail.outbox[0])
    response = client.get(path)
    assert response.status_code == 302  # Django hides the token behind a session redirect
    form_url = response["Location"]
    html = client.get(form_url).content.decode()
    assert "Choisissez un nouveau mot de passe" in html

    response = client.post(form_url, {"new_password1": "court", "new_password2": "court"})
    assert "Ce mot de passe est trop court." in response.content.decode()

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/compte/mot-de-passe/nouveau/termine/"
    buyer.refresh_from_db()
    assert buyer.check_password(NEW_PASSWORD)

    html = client.get(path, follow=True).content.decode()
    assert "Ce lien n'est plus valable" in html


@pytest.mark.django_db
def test_a_forged_reset_link_is_refused(client, buyer):
    html = client.get("/compte/mot-de-passe/nouveau/MQ/abc-def/", follow=True).content.decode()
    assert "Ce lien n'est plus valable" in html


@pytest.mark.django_db
def test_password_change_needs_a_login(client):
    response = client.get(CHANGE_URL)
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/?next=/compte/mot-de-passe/modifier/"


@pytest.mark.django_db
def test_password_change(client, buyer):
    client.force_login(buyer)
    html = client.get(CHANGE_URL).content.decode()
    assert "<h1>Modifier mon mot de passe</h1>" in html

    response = client.post(
        CHANGE_URL,
        {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Votre ancien mot de passe est incorrect." in response.content.decode()

    response = client.post(
        CHANGE_URL,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/compte/mot-de-passe/modifier/termine/"
    buyer.refresh_from_db()
    assert buyer.check_password(NEW_PASSWORD)
    assert client.session.get(SESSION_KEY) == str(buyer.pk)  # still logged in
