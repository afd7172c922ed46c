"""Weak passwords are refused by a strength estimate (zxcvbn) that knows the account's name and
address, with a French message; a long passphrase passes."""

import pytest
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError

from buyer_space.accounts.forms.account import RegistrationForm

User = get_user_model()


def jean_test():
    return User(
        username="jean.test@hsec.fr", email="jean.test@hsec.fr", first_name="Jean", last_name="Test"
    )


@pytest.mark.parametrize("password", ["iloveyou2024!", "jeantest.hsec", "Azerty123456!"])
def test_a_guessable_password_is_refused_in_french(password):
    with pytest.raises(ValidationError) as caught:
        password_validation.validate_password(password, jean_test())
    messages = " ".join(caught.value.messages)
    assert "Ce mot de passe est trop facile à deviner : il serait trouvé en" in messages
    assert "phrase de passe" in messages


@pytest.mark.parametrize(
    "password",
    ["Une phrase de passe solide 42", "cheval correct agrafe batterie", "Le héron au long bec"],
)
def test_a_long_passphrase_is_accepted(password):
    password_validation.validate_password(password, jean_test())


@pytest.mark.django_db
def test_registration_refuses_a_password_made_of_the_name():
    form = RegistrationForm(
        {
            "civility": "M",
            "first_name": "Jean",
            "last_name": "Test",
            "email": "jean.test@hsec.fr",
            "password1": "jeantest.hsec",
            "password2": "jeantest.hsec",
        }
    )
    assert not form.is_valid()
    assert any("trop facile à deviner" in error for error in form.errors["password1"])


def test_the_estimate_and_its_warning_are_told_in_french():
    """zxcvbn's own feedback comes from the library's French catalogue (LOCALE_PATHS), which the
    project reads without installing the library as an app."""
    with pytest.raises(ValidationError) as caught:
        password_validation.validate_password("azertyuiopqsd", jean_test())
    message = " ".join(caught.value.messages)
    assert "il serait trouvé en 19 minutes." in message
    assert "C'est proche d'un mot de passe très courant." in message
    assert "similar" not in message
