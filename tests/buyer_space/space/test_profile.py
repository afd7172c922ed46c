"""*Modifier mes informations personnelles*: valid edits, French errors that keep what was
typed, and posted fields that the form does not declare (the login, staff flags) ignored."""

from html import unescape

import pytest
from django.urls import reverse

from buyer_space.accounts.models import Profile
from buyer_space.space.models import Newsletter
from tests.factories.buyer_space import NewsletterFactory

pytestmark = pytest.mark.django_db

URL = "/mon-espace/mes-informations/"

VALID = {
    "civility": "M.",
    "first_name": "Ulysse",
    "last_name": "Durand",
    "phone": "+33 6 12 34 56 78",
    "service": "Direction des achats",
    "job_title": "Responsable des marchés",
    "function": "directeur-achats",
}


@pytest.fixture
def newsletters(db):
    return [
        NewsletterFactory(name="La lettre des achats", sort_order=1),
        NewsletterFactory(name="Actualités des filières", sort_order=2),
    ]


def test_the_url(db):
    assert reverse("buyer_space:profile") == URL


def test_anonymous_goes_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("buyer_space:login"))


def test_the_form_shows_the_current_details_and_the_login_read_only(world, login, newsletters):
    newsletters[0].subscribers.add(world.user)
    response = login(world.user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="ulysse@ch-test.example" readonly' in html
    assert "Votre adresse e-mail est votre identifiant" in html
    assert 'name="email"' not in html
    assert 'value="01 23 45 67 89"' in html
    assert 'value="Pharmacie"' in html
    assert response.context["form"]["newsletters"].value() == [newsletters[0].pk]
    assert "La lettre des achats" in html and "Actualités des filières" in html
    assert "<h1>Modifier mes informations personnelles</h1>" in html


def test_a_valid_edit_saves_everything(world, login, newsletters):
    newsletters[0].subscribers.add(world.user)
    client = login(world.user)
    response = client.post(URL, {**VALID, "newsletters": [newsletters[1].pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse("buyer_space:space")
    world.user.refresh_from_db()
    profile = Profile.objects.get(user=world.user)
    assert (world.user.first_name, world.user.last_name) == ("Ulysse", "Durand")
    assert profile.phone == "06 12 34 56 78"  # normalised
    assert (profile.civility, profile.service, profile.job_title, profile.function) == (
        "M.",
        "Direction des achats",
        "Responsable des marchés",
        "directeur-achats",
    )
    assert list(Newsletter.objects.filter(subscribers=world.user)) == [newsletters[1]]
    assert world.user.email == "ulysse@ch-test.example"
    page = client.get(reverse("buyer_space:space")).content.decode()
    assert "Vos informations personnelles sont enregistrées." in page
    assert "Actualités des filières" in page


def test_unticking_every_newsletter_unsubscribes(world, login, newsletters):
    newsletters[0].subscribers.add(world.user)
    assert login(world.user).post(URL, VALID).status_code == 302
    assert not world.user.newsletters.exists()


def _assert_refused(response, field, message, world):
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "Le formulaire contient des erreurs" in html
    assert message in html
    assert field in response.context["form"].errors
    # Nothing saved, and everything typed is shown again.
    world.user.refresh_from_db()
    assert world.user.last_name == "Utilisateur"
    assert Profile.objects.get(user=world.user).service == "Pharmacie"


def test_bad_phone(world, login):
    data = {**VALID, "phone": "12345"}
    response = login(world.user).post(URL, data)
    _assert_refused(response, "phone", "Saisissez un numéro de téléphone français valide", world)
    html = response.content.decode()
    assert 'value="12345"' in html
    assert 'value="Direction des achats"' in html
    assert 'value="Durand"' in html


@pytest.mark.parametrize(
    ("field", "length"), [("first_name", 151), ("last_name", 151), ("service", 121)]
)
def test_overlong_values(world, login, field, length):
    response = login(world.user).post(URL, {**VALID, field: "a" * length})
    _assert_refused(response, field, "Assurez-vous que cette valeur comporte au plus", world)


@pytest.mark.parametrize("field", ["first_name", "last_name", "service", "job_title"])
def test_markup_is_refused(world, login, field):
    response = login(world.user).post(URL, {**VALID, field: "<script>alert(1)</script>"})
    _assert_refused(response, field, "ne sont pas acceptés dans ce champ", world)
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("civility", "Dr", "Sélectionnez un choix valide"),
        ("function", "pirate", "Sélectionnez un choix valide"),
        ("newsletters", "999999", "Cette lettre d'information n'existe pas"),
        ("newsletters", "abc", "Cette lettre d'information n'existe pas"),
        ("first_name", "", "Champ requis."),
    ],
)
def test_bad_choices_and_missing_values(world, login, field, value, message):
    response = login(world.user).post(URL, {**VALID, field: value})
    _assert_refused(response, field, message, world)


def test_an_empty_post_is_a_form_with_errors(world, login):
    response = login(world.user).post(URL, {})
    assert response.status_code == 400
    assert len(response.context["form"].errors) == 7


def test_forged_fields_are_ignored(world, login):
    forged = {
        **VALID,
        "email": "pirate@example.com",
        "username": "pirate@example.com",
        "is_staff": "on",
        "is_superuser": "on",
        "email_confirmed_at": "",
        "user": world.admin.pk,
    }
    assert login(world.user).post(URL, forged).status_code == 302
    world.user.refresh_from_db()
    assert world.user.email == world.user.username == "ulysse@ch-test.example"
    assert not world.user.is_staff and not world.user.is_superuser
    assert Profile.objects.get(user=world.user).email_confirmed_at is not None
    world.admin.refresh_from_db()
    assert world.admin.last_name == "Admin"


def test_a_pending_account_may_edit_its_own_details(world, login):
    assert login(world.pending).post(URL, VALID).status_code == 302
    world.pending.refresh_from_db()
    assert world.pending.last_name == "Durand"


def test_an_account_without_buyer_profile_has_no_form(world, login):
    client = login(world.staff)
    assert client.get(URL).status_code == 404
    assert client.post(URL, VALID).status_code == 404


def test_put_is_not_allowed(world, login):
    assert login(world.user).put(URL).status_code == 405


def test_errors_are_tied_to_their_fields(world, login):
    html = login(world.user).post(URL, {**VALID, "phone": "12345"}).content.decode()
    assert 'aria-describedby="id_phone_error"' in html
    assert 'id="id_phone_error"' in html
    phone_input = html[html.index('name="phone"') - 200 : html.index('name="phone"') + 200]
    assert phone_input.count("type=") == 1 and 'type="tel"' in phone_input
