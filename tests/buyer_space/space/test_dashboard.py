"""*Mon espace → Mon tableau de bord*: what each profile sees, the counters and their values,
switching between establishments, and the query count at 5 and 300 rows."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import Affiliation
from buyer_space.exchanges.choices import ExchangeStatus
from buyer_space.exchanges.models import Exchange
from buyer_space.space.choices import DataFileKind, OtherDocumentCategory
from buyer_space.space.models import DataFile, Newsletter, OtherDocument
from buyer_space.space.services import SESSION_KEY
from membership.contracts.models import Contract
from membership.establishments.choices import EntityRequestStatus
from tests.factories.buyer_space import (
    AffiliationFactory,
    BuyerFactory,
    DataFileFactory,
    ExchangeFactory,
    FamilyRightFactory,
    NewsletterFactory,
    OtherDocumentFactory,
)
from tests.factories.membership import ContractFactory, EntityRequestFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db

URL = "/mon-espace/"
ADMIN_ONLY = ("Autres documents", "Fichiers de données")


def counters(response):
    return {block.key: block.value for block in response.context["counters"]}


def test_the_dashboard_is_the_space_landing():
    assert reverse("buyer_space:space") == URL


def test_anonymous_visitor_goes_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("buyer_space:login") + "?next=")


def test_user_sees_the_welcome_and_two_counters(world, login):
    response = login(world.user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bienvenue dans votre espace personnel" in html
    assert "Ulysse Utilisateur" in html
    assert "Modifier mes informations personnelles" in html
    assert set(counters(response)) == {"contracts", "exchanges"}
    for label in ADMIN_ONLY:
        assert label not in html  # neither a counter nor a menu link
    assert reverse("buyer_space:other_documents") not in html
    assert reverse("buyer_space:data_files") not in html


def test_admin_sees_four_counters_with_their_links(world, login):
    response = login(world.admin).get(URL)
    html = response.content.decode()
    assert list(counters(response)) == ["contracts", "exchanges", "other_documents", "data_files"]
    for url in (
        reverse("membership:contracts") + "?statut=en-cours",
        reverse("buyer_space:exchanges"),
        reverse("buyer_space:other_documents"),
        reverse("buyer_space:data_files"),
    ):
        assert f'href="{url}"' in html


def test_admin_of_another_establishment_sees_the_admin_counters_too(world, login):
    """Admin of any establishment: the user of CH DE TEST who administers a second one."""
    AffiliationFactory(user=world.user, establishment=world.other, role=Role.ADMIN)
    response = login(world.user).get(URL)
    assert len(counters(response)) == 4


def test_pending_account_sees_its_state_and_nothing_private(world, login):
    OtherDocumentFactory(establishment=world.establishment, title="Convention d'adhésion 2024")
    response = login(world.pending).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Votre compte est en attente de validation" in html
    assert "En attente de validation" in html
    assert "counters" not in response.context
    assert "dashboard-counter" not in html
    for private in ("Alice", "alice.admin@ch-test.example", "Convention d'adhésion", "SIRET"):
        assert private not in html
    assert reverse("membership:contracts") not in html
    assert reverse("buyer_space:establishment_detail", args=[world.establishment.pk]) not in html


def test_unconfirmed_account_is_asked_to_confirm_its_address(world, login):
    profile = world.user.buyer_profile
    profile.email_confirmed_at = None
    profile.save()
    html = login(world.user).get(URL).content.decode()
    assert "Confirmez votre adresse e-mail" in html
    assert "dashboard-counter" not in html


def test_staff_account_without_establishment(world, login):
    response = login(world.staff).get(URL)
    assert response.status_code == 200
    assert "n'est rattaché à aucun établissement" in response.content.decode()
    assert "counters" not in response.context


def test_personal_information_rights_and_admins(world, login):
    NewsletterFactory(name="La lettre des achats").subscribers.add(world.user)
    NewsletterFactory(name="Lettre non suivie")
    FamilyRightFactory(
        affiliation=world.affiliation(world.user),
        family=world.families[0],
        can_view_market_documents=True,
    )
    response = login(world.user).get(URL)
    html = response.content.decode()
    assert "ulysse@ch-test.example" in html
    assert "01 23 45 67 89" in html
    assert reverse("buyer_space:password_change") in html
    assert "La lettre des achats" in html
    assert "Lettre non suivie" not in html
    rights = response.context["rights"]
    assert [(f.name, docs, adh) for f, docs, adh in rights[0].rows] == [
        ("Biomédical", True, False),
        ("Bâtiment et énergie", False, False),
        ("Dispositifs médicaux", False, False),
    ]
    assert "<input" not in html.split('id="droits-titre"')[1].split("</section>")[0]  # read-only
    assert [a.email for a in response.context["establishment_admins"]] == [world.admin.email]
    assert "Alice Admin" in html
    assert "Consulter les informations de mon établissement" in html
    assert reverse("buyer_space:establishment_detail", args=[world.establishment.pk]) in html


def test_admin_sees_pending_requests_of_its_establishment(world, login):
    html = login(world.admin).get(URL).content.decode()
    assert "1 demande de rattachement en attente" in html
    assert "Voir les utilisateurs" in html
    assert "demande de rattachement en attente" not in login(world.user).get(URL).content.decode()


# --- Counters' values ------------------------------------------------------------------------


def _populate(world):
    today = datetime.date.today()
    for _ in range(3):
        ContractFactory(establishment=world.establishment)
    ContractFactory(establishment=world.establishment, end_date=today - datetime.timedelta(days=1))
    ContractFactory(establishment=world.establishment, start_date=today + datetime.timedelta(1))
    ContractFactory(establishment=world.other)
    ExchangeFactory(establishment=world.establishment, author=world.user)
    ExchangeFactory(
        establishment=world.establishment, author=world.user, status=ExchangeStatus.ANSWERED
    )
    ExchangeFactory(
        establishment=world.establishment, author=world.user, status=ExchangeStatus.CLOSED
    )
    ExchangeFactory(establishment=world.establishment, author=world.admin)
    ExchangeFactory(establishment=world.other, author=world.other_admin)
    OtherDocumentFactory.create_batch(2, establishment=world.establishment)
    OtherDocumentFactory(establishment=None, category=OtherDocumentCategory.GEB)
    OtherDocumentFactory(establishment=world.other)
    DataFileFactory.create_batch(2, establishment=world.establishment)
    DataFileFactory(establishment=world.support, kind=DataFileKind.HALF_YEARLY_GAINS)
    DataFileFactory(establishment=world.other)


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("user", {"contracts": 3, "exchanges": 2}),
        ("admin", {"contracts": 3, "exchanges": 3, "other_documents": 3, "data_files": 2}),
        ("other_admin", {"contracts": 1, "exchanges": 1, "other_documents": 2, "data_files": 1}),
        # The GHT's support admin: the files of every establishment of the group.
        ("ght_admin", {"contracts": 0, "exchanges": 0, "other_documents": 1, "data_files": 3}),
    ],
)
def test_counter_values(world, login, profile, expected):
    _populate(world)
    response = login(world.account(profile)).get(URL)
    assert counters(response) == expected
    html = response.content.decode()
    for count in expected.values():
        assert f'<span class="dashboard-counter__count">{count}</span>' in html


def test_global_documents_are_not_counted_for_a_non_adherent_admin(world, login):
    outsider = EstablishmentFactory(name="CLINIQUE NON ADHÉRENTE", is_member=False)
    admin = AffiliationFactory(establishment=outsider, admin=True).user
    OtherDocumentFactory(establishment=None)
    OtherDocumentFactory(establishment=outsider)
    assert counters(login(admin).get(URL))["other_documents"] == 1


# --- Switching between establishments -----------------------------------------------------


@pytest.fixture
def two_establishments(world):
    """Alice administers CH DE TEST and is a user of CH VOISIN."""
    AffiliationFactory(user=world.admin, establishment=world.other)
    return world


def test_one_establishment_has_no_switch(world, login):
    assert 'name="etablissement"' not in login(world.user).get(URL).content.decode()


def test_switch_to_another_establishment_and_keep_it(two_establishments, login):
    world = two_establishments
    client = login(world.admin)
    response = client.get(URL)
    assert 'name="etablissement"' in response.content.decode()
    assert response.context["establishment"] == world.establishment  # first by name

    response = client.get(URL, {"etablissement": world.other.pk})
    assert response.status_code == 200
    assert response.context["establishment"] == world.other
    assert response.context["is_current_admin"] is False
    assert [a.email for a in response.context["establishment_admins"]] == [world.other_admin.email]
    assert client.session[SESSION_KEY] == world.other.pk

    # The choice is kept for the next visits, and for *Mon établissement* in the menu.
    assert client.get(URL).context["establishment"] == world.other
    response = client.get(reverse("buyer_space:my_establishment"))
    assert response["Location"] == reverse(
        "buyer_space:establishment_detail", args=[world.other.pk]
    )


@pytest.mark.parametrize("value", ["foreign", "abc", "", "99999999999999999999", "1e3", "-1"])
def test_a_foreign_or_bad_establishment_id_is_ignored(two_establishments, login, value):
    world = two_establishments
    if value == "foreign":
        value = str(world.support.pk)
    client = login(world.admin)
    response = client.get(URL, {"etablissement": value})
    assert response.status_code == 200
    assert response.context["establishment"] == world.establishment
    assert "ne fait pas partie de vos établissements" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert "CHU SUPPORT" not in response.content.decode()


def test_a_stale_session_choice_is_ignored(two_establishments, login):
    world = two_establishments
    client = login(world.admin)
    client.get(URL, {"etablissement": world.other.pk})
    world.affiliation(world.admin, world.other).delete()
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["establishment"] == world.establishment


def test_my_establishment_for_a_pending_account_is_not_found(world, login):
    assert login(world.pending).get(reverse("buyer_space:my_establishment")).status_code == 404


# --- Query count ---------------------------------------------------------------------------

# Measured: 17 (session, user, affiliations, profile, access, pending requests, the four
# counters the apps register, admins, newsletters, families, rights, the header's two permission
# checks and its unread notifications). The target is 15.
QUERY_BOUND = 15


def _rows(world, count):
    """``count`` contracts, threads, documents, data files, newsletters and requests (bulk)."""
    establishment = world.establishment
    Contract.objects.bulk_create(
        Contract(
            establishment=establishment,
            number=f"M{index}",
            title=f"Marché {index}",
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2099, 1, 1),
        )
        for index in range(count)
    )
    Exchange.objects.bulk_create(
        Exchange(
            kind="question", subject=f"Q{index}", establishment=establishment, author=world.admin
        )
        for index in range(count)
    )
    OtherDocument.objects.bulk_create(
        OtherDocument(title=f"D{index}", category="adhesion", establishment=establishment)
        for index in range(count)
    )
    DataFile.objects.bulk_create(
        DataFile(
            establishment=establishment,
            kind="hebdo-intermediaire",
            period_start=datetime.date(2000, 1, 3) + datetime.timedelta(weeks=index),
            period_end=datetime.date(2000, 1, 9) + datetime.timedelta(weeks=index),
        )
        for index in range(count)
    )
    newsletters = Newsletter.objects.bulk_create(
        Newsletter(name=f"Lettre {index}") for index in range(count)
    )
    Newsletter.subscribers.through.objects.bulk_create(
        Newsletter.subscribers.through(newsletter_id=n.pk, user_id=world.admin.pk)
        for n in newsletters
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"demande{index}@ch.example", email=f"demande{index}@ch.example")
        for index in range(count)
    )
    Affiliation.objects.bulk_create(
        Affiliation(user=user, establishment=establishment, status=AffiliationStatus.PENDING)
        for user in users
    )


@pytest.mark.parametrize("count", [5, 300])
def test_dashboard_query_count_does_not_grow(world, login, django_assert_max_num_queries, count):
    _rows(world, count)
    AffiliationFactory(user=world.admin, establishment=world.other)
    client = login(world.admin)
    with django_assert_max_num_queries(QUERY_BOUND):
        response = client.get(URL)
    assert response.status_code == 200
    assert counters(response) == {
        "contracts": count,
        "exchanges": count,
        "other_documents": count,
        "data_files": count,
    }
    assert len(response.context["newsletters"]) == count
    assert f"{count + 1} demandes de rattachement en attente" in response.content.decode()


def test_an_applicant_follows_his_entity_request_from_his_space(world, login):
    applicant = BuyerFactory(email="nouvelle@clinique.example")
    EntityRequestFactory(requester=applicant, name="Clinique des Pins")
    EntityRequestFactory(
        requester=applicant,
        name="Cabinet hors périmètre",
        status=EntityRequestStatus.REFUSED,
        reason="Ce cabinet n'est pas un établissement de santé.",
    )

    html = login(applicant).get(reverse("buyer_space:space")).content.decode()

    assert "Votre demande d'ajout d'entité" in html
    assert "Clinique des Pins" in html and "En cours de vérification par la centrale" in html
    assert "Demande refusée" in html
    assert "Ce cabinet n&#x27;est pas un établissement de santé." in html
