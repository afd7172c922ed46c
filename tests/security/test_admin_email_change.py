"""A staff member changes the e-mail address of his account in the Wagtail admin only with his
current password, and the old address is told."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories.buyer_space import PASSWORD, UserFactory

ACCOUNT_URL = "/admin/account/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(
        username="agent", email="agent@centrale.example", first_name="Agnès", last_name="Dupré"
    )
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return user


def account_form(**changes):
    data = {
        "name_email-first_name": "Agnès",
        "name_email-last_name": "Dupré",
        "email-email": "agent@centrale.example",
        "email-current_password": "",
        "locale-preferred_language": "fr",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-contrast": "system",
        "theme-density": "default",
        "theme-keyboard_shortcuts": "on",
    }
    data.update(changes)
    return data


def post(client, capture, **changes):
    with capture(execute=True):
        return client.post(ACCOUNT_URL, account_form(**changes))


def test_the_account_page_asks_for_the_current_password_to_change_the_address(client, staff):
    html = client.get(ACCOUNT_URL).content.decode()
    assert 'name="email-email"' in html
    assert 'name="email-current_password"' in html
    assert 'name="name_email-email"' not in html  # Wagtail's own field is turned off


@pytest.mark.parametrize("password", ["", "mauvais"])
def test_without_the_right_password_the_address_stays(
    client, staff, mailoutbox, django_capture_on_commit_callbacks, password
):
    response = post(
        client,
        django_capture_on_commit_callbacks,
        **{"email-email": "pirate@ailleurs.example", "email-current_password": password},
    )
    assert response.status_code == 200
    assert (
        "Saisissez votre mot de passe actuel pour changer d&#x27;adresse e-mail."
        in response.content.decode()
    )
    staff.refresh_from_db()
    assert staff.email == "agent@centrale.example"
    assert mailoutbox == []


def test_with_the_password_the_address_changes_and_the_old_one_is_told(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    response = post(
        client,
        django_capture_on_commit_callbacks,
        **{"email-email": "agnes.dupre@centrale.example", "email-current_password": PASSWORD},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.email == "agnes.dupre@centrale.example"
    assert staff.username == "agent"  # a staff login is not an address: kept
    [message] = mailoutbox
    assert message.to == ["agent@centrale.example"]
    assert message.subject == "L'adresse e-mail de votre compte a été modifiée – Espace Acheteur"
    assert "Si vous n'êtes pas à l'origine de ce changement" in message.body


def test_an_address_of_another_account_is_refused(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="deja.pris@centrale.example")
    response = post(
        client,
        django_capture_on_commit_callbacks,
        **{"email-email": "Deja.Pris@centrale.example", "email-current_password": PASSWORD},
    )
    assert response.status_code == 200
    assert "déjà celle d&#x27;un autre compte" in response.content.decode()
    assert get_user_model().objects.get(pk=staff.pk).email == "agent@centrale.example"


def test_the_name_changes_without_the_password(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    response = post(
        client, django_capture_on_commit_callbacks, **{"name_email-first_name": "Agathe"}
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.first_name == "Agathe" and staff.email == "agent@centrale.example"
    assert mailoutbox == []
