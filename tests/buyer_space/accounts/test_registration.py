"""Journey 1: registration (both pages), e-mail confirmation, and the entity-request outcome."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.utils.html import escape

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.forms.account import normalise_phone
from buyer_space.accounts.models import Affiliation
from buyer_space.accounts.services import registration, validation
from buyer_space.accounts.views.account import SESSION_KEY
from buyer_space.audit.choices import AuditAction
from buyer_space.audit.models import AuditLogEntry
from espace_site.outbox.models import OutboxEmail
from membership.establishments.models import EntityRequest
from membership.establishments.services.entity_requests import (
    accept_entity_request,
    refuse_entity_request,
)
from tests.factories.buyer_space import AffiliationFactory, BuyerFactory
from tests.factories.membership import EstablishmentFactory, valid_siret

User = get_user_model()
REGISTER_URL = "/compte/inscription/"
ENTITY_URL = "/compte/inscription/entite/"
DONE_URL = "/compte/inscription/verifiez-vos-e-mails/"
PASSWORD = "Une phrase de passe solide 42"


def page_one(**overrides):
    data = {
        "civility": "Mme",
        "first_name": "Claire",
        "last_name": "Dupont",
        "email": "Claire.Dupont@CH-Test.example",
        "phone": "01 23 45 67 89",
        "entity": "",
        "service": "Pharmacie",
        "job_title": "Acheteuse hospitalière",
        "function": "acheteur",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "privacy_consent": "on",
        "action": "register",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def page_two(**overrides):
    data = {
        "name": "Centre hospitalier de Nulle-Part",
        "siret": valid_siret(777),
        "acronym": "CHNP",
        "address": "2 avenue des Tilleuls",
        "city": "Nulle-Part",
        "postcode": "21000",
        "activity_domain": "sanitaire",
        "group_name": "",
        "group_role_label": "",
        "legal_status": "public",
        "revenue_title_method": "chorus",
        "annual_purchase_amount": "1 250 000",
        "action": "register",
    }
    data.update(overrides)
    return data


@pytest.fixture
def hospital(db):
    return EstablishmentFactory(name="CH DE TEST", acronym="CHT", city="Testville")


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST with the on-commit callbacks (the e-mail tasks) run, as after a real commit."""

    def _post(url, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **kwargs)

    return _post


def confirmation_link(message):
    for line in message.body.splitlines():
        if "/compte/confirmation/" in line:
            return line.strip().removeprefix("http://testserver")
    raise AssertionError("no confirmation link in the e-mail")


# The form ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_has_the_guide_fields_and_sections(client):
    html = client.get(REGISTER_URL).content.decode()
    for text in (
        "<h1>Inscription</h1>",
        "Renseignez vos informations personnelles pour créer un compte.",
        "Vos informations</legend>",
        "Votre rattachement</legend>",
        ">Civilité <",
        ">Prénom <",
        ">Nom <",
        ">Email <",
        ">Téléphone <",
        ">Entité juridique de rattachement</label>",
        ">Administrateur de mon établissement</label>",
        ">Service <",
        ">Intitulé exact de votre poste <",
        ">Fonction <",
        "politique de confidentialité",
        'name="csrfmiddlewaretoken"',
    ):
        assert text in html, text
    assert html.index("Vos informations") < html.index("Votre rattachement")
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_the_entity_list_offers_every_establishment_as_name_and_siret(client, hospital):
    html = client.get(REGISTER_URL).content.decode()
    assert '<datalist id="entity-options">' in html
    assert f'<option value="CH DE TEST — {hospital.siret}">' in html
    assert 'list="entity-options"' in html


@pytest.mark.django_db
def test_privacy_page(client):
    response = client.get("/compte/confidentialite/")
    assert response.status_code == 200
    assert "Politique de confidentialité" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0123456789", "01 23 45 67 89"),
        ("01 23 45 67 89", "01 23 45 67 89"),
        ("01.23.45.67.89", "01 23 45 67 89"),
        ("01-23-45-67-89", "01 23 45 67 89"),
        ("+33 1 23 45 67 89", "01 23 45 67 89"),
        ("+33 (0)1 23 45 67 89", "01 23 45 67 89"),
        ("0033 6 12 34 56 78", "06 12 34 56 78"),
        ("0262 12 34 56", "02 62 12 34 56"),
        ("12345", None),
        ("+44 20 7946 0958", None),
        ("0023456789", None),
        ("01234567890", None),
        ("téléphone", None),
    ],
)
def test_phone_numbers_are_normalised(typed, stored):
    assert normalise_phone(typed) == stored


# Searching an establishment without JavaScript -----------------------------------------------


@pytest.mark.django_db
def test_search_lists_matches_as_radio_buttons_and_keeps_what_was_typed(client, hospital):
    EstablishmentFactory(name="CHU DE LOIN", city="Loinville")
    response = client.post(REGISTER_URL, page_one(entity="test", action="search", first_name="Zoé"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 entité trouvée" in html
    assert f'name="establishment" id="id_establishment_1" value="{hospital.pk}"' in html
    assert "CHU DE LOIN" not in html.split('id="entity-results"')[1].split("</fieldset>")[0]
    # Nothing typed is lost, the password included, and no error is shown yet.
    assert 'value="Zoé"' in html
    assert 'value="Acheteuse hospitalière"' in html
    assert f'value="{PASSWORD}"' in html
    assert "field__error" not in html
    assert not User.objects.exists()


@pytest.mark.django_db
def test_search_by_city_or_siret(client, hospital):
    for query in ("Testville", hospital.siret[:9], "cht"):
        html = client.post(REGISTER_URL, page_one(entity=query, action="search")).content
        assert f'value="{hospital.pk}"'.encode() in html, query


@pytest.mark.django_db
def test_search_without_match_says_so(client, hospital):
    html = client.post(REGISTER_URL, page_one(entity="Xyzzy", action="search")).content.decode()
    assert "Aucune entité ne correspond à votre recherche." in html


# Page one with an establishment: the account is created at once ------------------------------


@pytest.mark.django_db
def test_registration_with_an_establishment(client, post, hospital):
    response = post(
        REGISTER_URL, page_one(entity="test", establishment=str(hospital.pk), wants_admin_role="on")
    )
    assert response.status_code == 302
    assert response["Location"] == DONE_URL

    user = User.objects.get()
    assert user.username == user.email == "claire.dupont@ch-test.example"
    assert (user.first_name, user.last_name) == ("Claire", "Dupont")
    assert not user.is_active and not user.is_staff and not user.is_superuser
    assert user.check_password(PASSWORD)
    profile = user.buyer_profile
    assert profile.phone == "01 23 45 67 89"
    assert (profile.civility, profile.service, profile.function) == ("Mme", "Pharmacie", "acheteur")
    assert profile.email_confirmed_at is None and profile.privacy_accepted_at is not None
    affiliation = Affiliation.objects.get(user=user)
    assert affiliation.establishment == hospital
    assert affiliation.status == AffiliationStatus.PENDING
    assert (affiliation.role, affiliation.requested_role) == (Role.USER, Role.ADMIN)
    entry = AuditLogEntry.objects.get(action=AuditAction.REGISTERED)
    assert entry.subject == user and entry.establishment == hospital

    [message] = mail.outbox
    assert message.to == ["claire.dupont@ch-test.example"]
    assert message.subject == "Confirmez votre adresse e-mail – Espace Acheteur"
    assert "/compte/confirmation/" in message.body
    assert SESSION_KEY not in client.session

    done = client.get(DONE_URL).content.decode()
    assert "Vérifiez votre boîte de réception" in done


@pytest.mark.django_db
def test_an_entity_typed_as_in_the_list_is_resolved_without_search(post, hospital):
    post(REGISTER_URL, page_one(entity=f"CH DE TEST — {hospital.siret}"))
    affiliation = Affiliation.objects.get()
    assert affiliation.establishment == hospital
    assert affiliation.requested_role == Role.USER


@pytest.mark.django_db
def test_an_ambiguous_entity_asks_to_choose(client, hospital):
    EstablishmentFactory(name="CH DE TEST BIS")
    response = client.post(REGISTER_URL, page_one(entity="ch de"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Plusieurs entités peuvent correspondre à « ch de »" in html
    assert html.count('name="establishment"') == 2
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_unknown_entity_is_refused_and_nothing_typed_is_lost(client, hospital):
    response = client.post(REGISTER_URL, page_one(entity="Hôpital imaginaire"))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Aucune entité ne correspond à « Hôpital imaginaire ». Vérifiez votre saisie, ou "
        "laissez ce champ vide" in html
    )
    assert 'value="Hôpital imaginaire"' in html
    assert 'value="Claire"' in html and 'value="Pharmacie"' in html
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["999999", "abc", "-1", "1 OR 1=1"])
def test_a_forged_establishment_id_gives_a_french_error(client, hospital, forged):
    response = client.post(REGISTER_URL, page_one(establishment=forged))
    assert response.status_code == 200
    assert "Cette entité n&#x27;existe pas" in response.content.decode()
    assert not User.objects.exists()


# Page two: no establishment chosen -----------------------------------------------------------


@pytest.mark.django_db
def test_registration_without_an_establishment_goes_through_the_second_form(client, post, hospital):
    response = client.post(REGISTER_URL, page_one(wants_admin_role="on"))
    assert response.status_code == 302
    assert response["Location"] == ENTITY_URL
    assert not User.objects.exists()
    # The session holds the password's hash, never the password itself.
    state = client.session[SESSION_KEY]
    assert PASSWORD not in str(state)
    assert state["password_hash"].startswith("md5$")

    html = client.get(ENTITY_URL).content.decode()
    for text in (
        "<h1>Entité de rattachement</h1>",
        "Vous n'avez pas sélectionné d'entité de rattachement dans le formulaire d'inscription.",
        "Si vous ne trouvez pas le nom de votre entité dans la liste correspondante",
        ">Nom de l&#x27;entité juridique <",
        ">N° SIRET <",
        ">Statut de l&#x27;entité <",
        ">Méthode d&#x27;envoi des titres de recette <",
        "Retour</button>",
        "S'inscrire</button>",
    ):
        assert text in html, text

    response = post(ENTITY_URL, page_two())
    assert response["Location"] == DONE_URL
    user = User.objects.get()
    assert user.check_password(PASSWORD) and not user.is_active
    request = EntityRequest.objects.get()
    assert request.requester == user
    assert request.wants_admin_role is True
    assert request.annual_purchase_amount == 1_250_000
    assert not Affiliation.objects.exists()
    assert AuditLogEntry.objects.get(action=AuditAction.REGISTERED).details["entity_request"] == (
        request.pk
    )
    [message] = mail.outbox
    assert message.to == ["claire.dupont@ch-test.example"]
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_back_from_the_second_form_loses_nothing(client, post):
    client.post(REGISTER_URL, page_one(first_name="Zoé"))
    response = client.post(ENTITY_URL, page_two(action="back", name="Clinique du Lac"))
    assert response["Location"] == REGISTER_URL

    html = client.get(REGISTER_URL).content.decode()
    assert 'value="Zoé"' in html and 'value="Acheteuse hospitalière"' in html
    assert "laissez ces deux champs vides pour le conserver" in html
    # The password need not be typed again.
    response = client.post(REGISTER_URL, page_one(first_name="Zoé", password1="", password2=""))
    assert response["Location"] == ENTITY_URL
    html = client.get(ENTITY_URL).content.decode()
    assert 'value="Clinique du Lac"' in html

    post(ENTITY_URL, page_two(name="Clinique du Lac"))
    user = User.objects.get()
    assert user.first_name == "Zoé"
    assert user.check_password(PASSWORD)
    assert EntityRequest.objects.get().name == "Clinique du Lac"


@pytest.mark.django_db
def test_the_second_form_without_the_first_sends_back_to_it(client):
    response = client.get(ENTITY_URL, follow=True)
    assert response.redirect_chain[-1][0] == REGISTER_URL
    assert "Commencez par remplir le formulaire d&#x27;inscription." in response.content.decode()


@pytest.mark.django_db
def test_the_second_form_reports_bad_input_and_keeps_it(client):
    client.post(REGISTER_URL, page_one())
    response = client.post(ENTITY_URL, page_two(siret="12345678901234", postcode="ABCDE"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "SIRET" in html and "field__error" in html
    assert 'value="Centre hospitalier de Nulle-Part"' in html
    assert not User.objects.exists() and not EntityRequest.objects.exists()


# Bad input on page one -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phone": "12 34"}, "Saisissez un numéro de téléphone français valide"),
        ({"first_name": ""}, "Champ requis."),
        ({"civility": None}, "Champ requis."),
        ({"function": "pdg"}, "Sélectionnez un choix valide."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide."),
        ({"last_name": "x" * 151}, "au plus 150 caractères (actuellement 151)"),
        ({"service": "s" * 121}, "au plus 120 caractères (actuellement 121)"),
        ({"entity": "e" * 251}, "au plus 250 caractères (actuellement 251)"),
        ({"password2": "autre chose encore"}, "Les deux mots de passe ne sont pas identiques."),
        ({"password1": "password", "password2": "password"}, "Ce mot de passe est trop courant."),
        ({"password1": "", "password2": ""}, "Champ requis."),
        (
            {"privacy_consent": None},
            "Vous devez accepter la politique de confidentialité pour créer un compte.",
        ),
    ],
)
def test_bad_input_gives_a_french_message_and_creates_nothing(client, overrides, message):
    response = client.post(REGISTER_URL, page_one(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert escape(message) in html or message in html
    assert "Le formulaire contient" in html
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_markup_in_text_fields_is_escaped(client, post, hospital):
    markup = '<script>alert("x")</script>'
    html = client.post(REGISTER_URL, page_one(first_name=markup, phone="1")).content.decode()
    assert markup not in html
    assert escape(markup) in html

    post(REGISTER_URL, page_one(first_name=markup, job_title=markup, establishment=hospital.pk))
    user = User.objects.get()
    assert user.first_name == markup  # kept as plain text, escaped wherever it is shown
    html = client.get(confirmation_link(mail.outbox[0])).content.decode()
    assert markup not in html
    assert escape(markup) in html


# Known address: same page, "account exists" e-mail -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("with_establishment", [True, False])
def test_a_known_address_gets_the_same_page_and_an_account_exists_email(
    client, post, hospital, monkeypatch, with_establishment
):
    owner = BuyerFactory(email="claire.dupont@ch-test.example")
    owner_password = owner.password
    hashed = []
    import buyer_space.accounts.views.account as views

    real_make_password = views.make_password
    monkeypatch.setattr(
        views, "make_password", lambda raw: hashed.append(raw) or real_make_password(raw)
    )
    if with_establishment:
        response = post(REGISTER_URL, page_one(establishment=hospital.pk))
    else:
        response = client.post(REGISTER_URL, page_one())
        assert response["Location"] == ENTITY_URL
        response = post(ENTITY_URL, page_two())
    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    assert hashed == [PASSWORD]  # the same work as for a new address

    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.password == owner_password
    assert not Affiliation.objects.exists() and not EntityRequest.objects.exists()
    assert not AuditLogEntry.objects.filter(action=AuditAction.REGISTERED).exists()
    [message] = mail.outbox
    assert message.to == ["claire.dupont@ch-test.example"]
    assert message.subject == "Un compte existe déjà avec votre adresse – Espace Acheteur"
    assert "/compte/mot-de-passe/oublie/" in message.body
    # No confirmation link: only the way to ask for one.
    assert re.findall(r"/compte/confirmation/\S*", message.body) == [
        "/compte/confirmation/nouveau-lien/"
    ]


@pytest.mark.django_db
def test_new_and_known_addresses_end_on_identical_pages(client, post, hospital):
    post(REGISTER_URL, page_one(email="nouvelle@ch-test.example", establishment=hospital.pk))
    first = client.get(DONE_URL).content
    post(REGISTER_URL, page_one(email="NOUVELLE@ch-test.example", establishment=hospital.pk))
    second = client.get(DONE_URL).content
    assert first == second
    assert User.objects.count() == 1
    assert [m.subject for m in mail.outbox] == [
        "Confirmez votre adresse e-mail – Espace Acheteur",
        "Un compte existe déjà avec votre adresse – Espace Acheteur",
    ]


# Confirmation of the address -----------------------------------------------------------------


@pytest.fixture
def registered(post, world):
    """Claire registered to CH DE TEST (whose admin is Alice), asking for the admin role."""
    post(
        REGISTER_URL,
        page_one(establishment=world.establishment.pk, wants_admin_role="on"),
    )
    user = User.objects.get(username="claire.dupont@ch-test.example")
    link = confirmation_link(mail.outbox[-1])
    mail.outbox.clear()
    return user, link


@pytest.mark.django_db
def test_opening_the_link_changes_nothing(client, registered):
    user, link = registered
    response = client.get(link)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirmer mon adresse e-mail</button>" in html
    assert 'method="post"' in html
    user.refresh_from_db()
    assert not user.is_active
    assert user.buyer_profile.email_confirmed_at is None


@pytest.mark.django_db
def test_confirming_activates_the_account_and_asks_the_admins(client, post, registered, world):
    user, link = registered
    response = post(link, {})
    assert response.status_code == 302
    assert response["Location"] == "/compte/connexion/"
    user.refresh_from_db()
    assert user.is_active and not user.is_staff
    assert user.buyer_profile.email_confirmed_at is not None
    assert AuditLogEntry.objects.filter(action=AuditAction.EMAIL_CONFIRMED, subject=user).exists()
    # The affiliation stays pending; the establishment's admin is asked to validate it.
    assert Affiliation.objects.get(user=user).status == AffiliationStatus.PENDING
    assert [m.to for m in mail.outbox] == [[world.admin.email]]
    assert "/mon-espace/demandes/" in mail.outbox[0].body
    html = client.get(response["Location"]).content.decode()
    assert "Votre adresse e-mail est confirmée." in html


@pytest.mark.django_db
def test_a_used_link_says_so(client, post, registered):
    user, link = registered
    post(link, {})
    mail.outbox.clear()
    for method in (client.get, client.post):
        response = method(link)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Ce lien a déjà été utilisé : votre adresse e-mail est confirmée." in html
    assert AuditLogEntry.objects.filter(action=AuditAction.EMAIL_CONFIRMED).count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_expired_link_is_refused_with_a_way_to_get_a_new_one(
    client, post, registered, monkeypatch
):
    user, _link = registered
    past = time.time() - registration.CONFIRMATION_MAX_AGE.total_seconds() - 60
    monkeypatch.setattr(signing.time, "time", lambda: past)
    old_token = registration.confirmation_token(user)
    monkeypatch.undo()

    for method in (client.get, client.post):
        response = method(f"/compte/confirmation/{old_token}/")
        html = response.content.decode()
        assert response.status_code == 410
        assert "Ce lien a expiré" in html
        assert "Recevoir un nouveau lien</button>" in html
    user.refresh_from_db()
    assert not user.is_active

    response = post(
        "/compte/confirmation/nouveau-lien/", {"email": "CLAIRE.dupont@ch-test.example"}
    )
    assert "un nouveau lien vient de lui être envoyé" in response.content.decode()
    [message] = mail.outbox
    post(confirmation_link(message), {})
    user.refresh_from_db()
    assert user.is_active


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["n-importe-quoi", "eyJ1IjoxfQ:1abc:xyz", "a" * 300])
def test_a_tampered_link_is_refused(client, registered, token):
    response = client.post(f"/compte/confirmation/{token}/")
    assert response.status_code == 400
    assert "Ce lien n'est pas valide" in response.content.decode()


@pytest.mark.django_db
def test_a_link_for_another_account_cannot_be_forged(client, registered):
    user, link = registered
    token = link.split("/")[-2]
    payload = signing.loads(token, salt=registration.CONFIRMATION_SALT)
    other = BuyerFactory(is_active=False)
    forged = signing.dumps({**payload, "u": other.pk}, salt="another-salt")
    response = client.post(f"/compte/confirmation/{forged}/")
    assert response.status_code == 400
    other.refresh_from_db()
    assert not other.is_active


@pytest.mark.django_db
def test_resending_never_reveals_whether_an_address_is_known(client, post, registered, world):
    answers = []
    for email in ("inconnu@nulle-part.example", world.admin.email, "claire.dupont@ch-test.example"):
        response = post("/compte/confirmation/nouveau-lien/", {"email": email})
        answers.append(response.content)
    assert answers[0] == answers[1] == answers[2]
    # Only the account still waiting for confirmation gets a link.
    assert [m.to for m in mail.outbox] == [["claire.dupont@ch-test.example"]]


# The centre accepts or refuses an entity request ---------------------------------------------


@pytest.mark.django_db
def test_an_accepted_entity_request_attaches_the_requester_pending(client, post, world):
    client.post(REGISTER_URL, page_one(wants_admin_role="on"))
    post(ENTITY_URL, page_two())
    user = User.objects.get(username="claire.dupont@ch-test.example")
    request = EntityRequest.objects.get()

    outcome = accept_entity_request(request.pk, world.staff)
    affiliation = Affiliation.objects.get(user=user)
    assert affiliation.establishment == outcome.entity_request.establishment
    assert affiliation.status == AffiliationStatus.PENDING
    assert (affiliation.role, affiliation.requested_role) == (Role.USER, Role.ADMIN)
    entry = AuditLogEntry.objects.get(action=AuditAction.ENTITY_ACCEPTED)
    assert (entry.actor, entry.subject) == (world.staff, user)
    # Accepting again changes nothing.
    accept_entity_request(request.pk, world.staff)
    assert Affiliation.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_validation_of_an_accepted_request_is_asked_once_the_address_is_confirmed(
    post, world, monkeypatch
):
    asked = []
    monkeypatch.setattr(registration, "request_validation", asked.append)
    import buyer_space.accounts.signals as signals

    monkeypatch.setattr(signals, "request_validation", asked.append)
    user = BuyerFactory(is_active=False, email="tardif@clinique.example")
    user.buyer_profile.email_confirmed_at = None
    user.buyer_profile.save()
    establishment = EstablishmentFactory()
    request = EntityRequest.objects.create(
        requester=user,
        name=establishment.name,
        siret=establishment.siret,
        address="1 rue",
        city="Ville",
        postcode="75001",
        activity_domain="sanitaire",
        legal_status="public",
        revenue_title_method="chorus",
    )
    accept_entity_request(request.pk, world.staff)
    assert asked == []  # not confirmed yet: nobody is asked
    registration.confirm_email(user)
    assert [a.establishment for a in asked] == [establishment]

    # An account already confirmed is asked for at once.
    confirmed = AffiliationFactory(establishment=world.other).user
    request = EntityRequest.objects.create(
        requester=confirmed,
        name="Clinique neuve",
        siret=valid_siret(4242),
        address="1 rue",
        city="Ville",
        postcode="75001",
        activity_domain="sanitaire",
        legal_status="public",
        revenue_title_method="chorus",
    )
    accept_entity_request(request.pk, world.staff)
    # A new establishment has no administrator: the centre's acceptance validates him at once.
    assert asked[-1].user == user
    affiliation = Affiliation.objects.get(user=confirmed, establishment__name="Clinique neuve")
    assert affiliation.status == AffiliationStatus.ACTIVE
    assert affiliation.reviewed_by == world.staff


def queued_templates(address):
    """The templates of the outbox e-mails queued for ``address``."""
    return [row.template_prefix for row in OutboxEmail.objects.all() if address in row.recipients]


@pytest.mark.django_db
def test_accepting_a_new_entity_validates_its_applicant_with_the_role_asked(world, settings):
    applicant = AffiliationFactory(establishment=world.other).user
    request = EntityRequest.objects.create(
        requester=applicant,
        name="Clinique des Pins",
        siret=valid_siret(5151),
        address="1 rue",
        city="Ville",
        postcode="75001",
        activity_domain="sanitaire",
        legal_status="public",
        revenue_title_method="chorus",
        wants_admin_role=True,
    )

    accept_entity_request(request.pk, world.staff)

    affiliation = Affiliation.objects.get(user=applicant, establishment__siret=valid_siret(5151))
    assert (affiliation.status, affiliation.role) == (AffiliationStatus.ACTIVE, Role.ADMIN)
    assert not validation.awaiting_the_centre().filter(pk=affiliation.pk).exists()
    assert "accounts/emails/validation_accepted" in queued_templates(applicant.email)


@pytest.mark.django_db
def test_accepting_an_entity_that_exists_with_an_admin_asks_him_and_tells_the_applicant(world):
    applicant = AffiliationFactory(establishment=world.other).user
    request = EntityRequest.objects.create(
        requester=applicant,
        name=world.establishment.name,
        siret=world.establishment.siret,
        address="1 rue",
        city="Ville",
        postcode="75001",
        activity_domain="sanitaire",
        legal_status="public",
        revenue_title_method="chorus",
    )

    accept_entity_request(request.pk, world.staff)

    affiliation = Affiliation.objects.get(user=applicant, establishment=world.establishment)
    assert affiliation.status == AffiliationStatus.PENDING
    assert queued_templates(applicant.email) == ["accounts/emails/entity_accepted_pending"]
    assert "accounts/emails/validation_request" in queued_templates(world.admin.email)


@pytest.mark.django_db
def test_a_refused_entity_request_is_audited(world):
    user = BuyerFactory()
    request = EntityRequest.objects.create(
        requester=user,
        name="Entité douteuse",
        siret=valid_siret(31337),
        address="1 rue",
        city="Ville",
        postcode="75001",
        activity_domain="sanitaire",
        legal_status="public",
        revenue_title_method="chorus",
    )
    refuse_entity_request(request.pk, world.staff, "Hors périmètre")
    entry = AuditLogEntry.objects.get(action=AuditAction.ENTITY_REFUSED)
    assert entry.subject == user and entry.details["reason"] == "Hors périmètre"
    assert not Affiliation.objects.filter(user=user).exists()
