"""Journey 3: *Voir les utilisateurs*, *Créer un utilisateur*, the user page and its rules."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import Affiliation, FamilyRight, Profile
from buyer_space.audit.choices import AuditAction
from buyer_space.audit.models import AuditLogEntry
from tests.factories.buyer_space import AffiliationFactory, FamilyRightFactory, UserFactory
from tests.factories.catalogue import PurchaseFamilyFactory

pytestmark = pytest.mark.django_db


def users_url(establishment):
    return reverse("buyer_space:establishment_users", args=[establishment.pk])


def rights_url(user):
    return reverse("buyer_space:user_rights", args=[user.pk])


def rights_state(world):
    """Everything the user page may change, to prove that a refused POST changed nothing."""
    return (
        sorted(Affiliation.objects.values_list("pk", "role", "status")),
        sorted(
            FamilyRight.objects.values_list(
                "affiliation_id",
                "family_id",
                "can_view_market_documents",
                "has_admin_membership_rights",
            )
        ),
        AuditLogEntry.objects.count(),
    )


# --- Voir les utilisateurs ------------------------------------------------------------------


def test_the_three_lists(world, login):
    response = login(world.admin).get(users_url(world.establishment))
    assert response.status_code == 200
    content = response.content.decode()
    admins, rest = content.split('id="utilisateurs"')
    users, pending = rest.split('id="en-attente"')
    assert "Alice Admin" in admins and "Ulysse" not in admins
    assert "Ulysse Utilisateur" in users and "Paul" not in users
    assert "Paul Attente" in pending and 'value="accepter"' in pending


def test_empty_group_says_so(world, login):
    Affiliation.objects.filter(status=AffiliationStatus.PENDING).delete()
    content = login(world.admin).get(users_url(world.establishment)).content.decode()
    assert content.count("Aucun utilisateur dans ce groupe.") == 1


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("ulysse", ["Ulysse Utilisateur"], ["Paul Attente"]),
        ("ch-test.example attente", ["Paul Attente"], ["Ulysse Utilisateur", "Alice Admin"]),
        ("ALICE admin", ["Alice Admin"], ["Ulysse Utilisateur"]),
        ("<script>alert(1)</script>", [], ["Alice Admin", "Ulysse Utilisateur", "Paul Attente"]),
    ],
)
def test_search_by_name_or_email(world, login, query, shown, hidden):
    response = login(world.admin).get(users_url(world.establishment), {"q": query})
    assert response.status_code == 200
    content = response.content.decode()
    for name in shown:
        assert name in content
    for name in hidden:
        assert name not in content
    assert "<script>alert(1)</script>" not in content


def test_overlong_search_is_a_french_error_not_a_500(world, login):
    response = login(world.admin).get(users_url(world.establishment), {"q": "x" * 500})
    assert response.status_code == 200
    assert (
        "Assurez-vous que cette valeur comporte au plus 100 caractères" in response.content.decode()
    )


# --- Créer un utilisateur -------------------------------------------------------------------


def creation_data(**overrides):
    data = {
        "civility": "Mme",
        "first_name": "Nadia",
        "last_name": "Nouvelle",
        "email": "Nadia.Nouvelle@CH-Test.example",
        "phone": "01 23 45 67 89",
        "service": "Biologie",
        "job_title": "Biologiste",
        "function": "biologiste",
        "role": "utilisateur",
    }
    data.update(overrides)
    return data


def test_create_a_new_account_active_at_once(world, login, django_capture_on_commit_callbacks):
    url = reverse("buyer_space:create_user", args=[world.establishment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.admin).post(url, creation_data(is_staff="on", is_superuser="on"))

    assert response.status_code == 302
    user = get_user_model().objects.get(username="nadia.nouvelle@ch-test.example")
    assert user.email == "nadia.nouvelle@ch-test.example"
    assert not user.has_usable_password()
    assert not (user.is_staff or user.is_superuser)
    assert not user.groups.exists() and not user.user_permissions.exists()
    assert user.buyer_profile.email_confirmed_at is not None
    affiliation = user.affiliations.get()
    assert (affiliation.establishment, affiliation.status, affiliation.role) == (
        world.establishment,
        AffiliationStatus.ACTIVE,
        Role.USER,
    )
    assert AuditLogEntry.objects.get().action == AuditAction.CREATED
    assert mail.outbox[0].to == [user.email]
    assert "/compte/mot-de-passe/nouveau/" in mail.outbox[0].body


def test_create_with_a_known_email_attaches_that_account(
    world, login, django_capture_on_commit_callbacks
):
    existing = world.other_admin
    url = reverse("buyer_space:create_user", args=[world.establishment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.admin).post(
            url,
            creation_data(email=existing.email.upper(), first_name="Autre", role="administrateur"),
        )

    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.first_name != "Autre"  # his own profile is left untouched
    affiliation = existing.affiliations.get(establishment=world.establishment)
    assert (affiliation.status, affiliation.role) == (AffiliationStatus.ACTIVE, Role.ADMIN)
    assert get_user_model().objects.filter(email__iexact=existing.email).count() == 1
    assert "rattaché votre compte" in mail.outbox[0].body


def test_create_twice_is_a_french_error(world, login):
    url = reverse("buyer_space:create_user", args=[world.establishment.pk])
    before = rights_state(world)
    response = login(world.admin).post(url, creation_data(email=world.user.email))
    assert response.status_code == 400
    assert "déjà un compte rattaché à cet établissement" in response.content.decode()
    assert rights_state(world) == before


def test_a_staff_account_cannot_be_attached(world, login):
    url = reverse("buyer_space:create_user", args=[world.establishment.pk])
    response = login(world.admin).post(url, creation_data(email=world.staff.email))
    assert response.status_code == 400
    assert not world.staff.affiliations.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "pas-une-adresse", "Saisissez une adresse e-mail valide."),
        ("phone", "12345", "numéro de téléphone français valide"),
        ("first_name", "", "Champ requis."),
        ("last_name", "N" * 151, "au plus 150 caractères"),
        ("service", "<b>Biologie</b>", "ne sont pas acceptés"),
        ("role", "superadmin", "Sélectionnez un choix valide"),
        ("function", "pape", "Sélectionnez un choix valide"),
    ],
)
def test_create_bad_input(world, login, field, value, message):
    url = reverse("buyer_space:create_user", args=[world.establishment.pk])
    count = get_user_model().objects.count()
    response = login(world.admin).post(url, creation_data(**{field: value}))
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    # What was typed is kept, so nothing is lost.
    assert 'value="Biologiste"' in content
    assert get_user_model().objects.count() == count


# --- the user page --------------------------------------------------------------------------


def test_user_page_shows_roles_and_the_family_matrix(world, login):
    response = login(world.admin).get(rights_url(world.user))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Gestion des droits de Ulysse Utilisateur" in content
    assert "Rôles de l'utilisateur" in content
    assert f'name="role_{world.establishment.pk}"' in content
    for family in world.families:
        assert family.name in content
    assert content.count('name="documents"') == len(world.families)
    assert "Tout sélectionner" in content
    assert "Supprimer l'utilisateur" in content


def test_save_roles_and_rights(world, login):
    affiliation = world.affiliation(world.user)
    biomedical, batiment, dm = world.families
    response = login(world.admin).post(
        rights_url(world.user),
        {
            f"role_{world.establishment.pk}": "administrateur",
            "documents": [biomedical.pk, dm.pk],
            "adhesion": [batiment.pk],
        },
    )
    assert response.status_code == 302
    affiliation.refresh_from_db()
    assert affiliation.role == Role.ADMIN
    rights = {r.family_id: r for r in affiliation.family_rights.all()}
    assert set(rights) == {biomedical.pk, batiment.pk, dm.pk}
    assert rights[biomedical.pk].can_view_market_documents
    assert not rights[biomedical.pk].has_admin_membership_rights
    assert rights[batiment.pk].has_admin_membership_rights
    assert not rights[batiment.pk].can_view_market_documents
    actions = sorted(AuditLogEntry.objects.values_list("action", flat=True))
    assert actions == sorted([AuditAction.ROLE_CHANGED, AuditAction.RIGHTS_CHANGED])
    role_entry = AuditLogEntry.objects.get(action=AuditAction.ROLE_CHANGED)
    assert role_entry.details == {"before": "utilisateur", "after": "administrateur"}
    rights_entry = AuditLogEntry.objects.get(action=AuditAction.RIGHTS_CHANGED)
    assert rights_entry.details["before"] == {"documents": [], "adhesion": []}
    assert rights_entry.details["after"] == {
        "documents": sorted([biomedical.pk, dm.pk]),
        "adhesion": [batiment.pk],
    }
    # The page shows what was saved.
    content = login(world.admin).get(rights_url(world.user)).content.decode()
    assert f'value="{biomedical.pk}" id="documents-{biomedical.pk}" checked' in content
    assert f'value="{batiment.pk}" id="documents-{batiment.pk}" checked' not in content


def test_unticking_removes_rights(world, login):
    affiliation = world.affiliation(world.user)
    FamilyRightFactory(affiliation=affiliation, family=world.families[0])
    response = login(world.admin).post(
        rights_url(world.user), {f"role_{world.establishment.pk}": "utilisateur"}
    )
    assert response.status_code == 302
    assert not affiliation.family_rights.exists()
    assert AuditLogEntry.objects.get().action == AuditAction.RIGHTS_CHANGED


def test_saving_unchanged_records_nothing(world, login):
    response = login(world.admin).post(
        rights_url(world.user), {f"role_{world.establishment.pk}": "utilisateur"}, follow=True
    )
    assert "Aucune modification à enregistrer." in response.content.decode()
    assert not AuditLogEntry.objects.exists()


@pytest.mark.parametrize("column", ["documents", "adhesion"])
def test_tout_selectionner_without_javascript(world, login, column):
    extra = PurchaseFamilyFactory(name="EHPAD", slug="ehpad")
    response = login(world.admin).post(
        rights_url(world.user),
        {f"role_{world.establishment.pk}": "utilisateur", f"{column}_all": "on"},
    )
    assert response.status_code == 302
    rights = world.affiliation(world.user).family_rights.all()
    field = "can_view_market_documents" if column == "documents" else "has_admin_membership_rights"
    other = "has_admin_membership_rights" if column == "documents" else "can_view_market_documents"
    assert {r.family_id for r in rights if getattr(r, field)} == {
        *(f.pk for f in world.families),
        extra.pk,
    }
    assert not any(getattr(r, other) for r in rights)
    content = login(world.admin).get(rights_url(world.user)).content.decode()
    assert (
        f'name="{column}_all" id="{column}_all" value="on" data-select-all="{column}" checked'
        in content
    )


def test_forged_family_id_is_a_french_error_and_nothing_changes(world, login):
    FamilyRightFactory(affiliation=world.affiliation(world.user), family=world.families[0])
    before = rights_state(world)
    for forged in ("999999", "abc"):
        response = login(world.admin).post(
            rights_url(world.user),
            {f"role_{world.establishment.pk}": "administrateur", "documents": [forged]},
        )
        assert response.status_code == 400
        assert "Famille d&#x27;achat inconnue" in response.content.decode()
        assert "Rien n'a été enregistré" in response.content.decode()
    assert rights_state(world) == before


def test_forged_role_is_a_french_error_and_nothing_changes(world, login):
    before = rights_state(world)
    response = login(world.admin).post(
        rights_url(world.user),
        {f"role_{world.establishment.pk}": "superutilisateur", "documents": [world.families[0].pk]},
    )
    assert response.status_code == 400
    assert "Rôle inconnu" in response.content.decode()
    assert rights_state(world) == before


def test_forged_establishment_id_changes_nothing_there(world, login):
    """Olga is admin of CH VOISIN; Alice attaches a user there too, forges CH VOISIN's field."""
    olga_user = AffiliationFactory(establishment=world.other).user
    AffiliationFactory(user=olga_user, establishment=world.establishment)
    foreign = olga_user.affiliations.get(establishment=world.other)

    response = login(world.admin).post(
        rights_url(olga_user),
        {
            f"role_{world.establishment.pk}": "utilisateur",
            f"role_{world.other.pk}": "administrateur",
            "documents": [world.families[0].pk],
        },
    )

    assert response.status_code == 302
    foreign.refresh_from_db()
    assert foreign.role == Role.USER
    assert not foreign.family_rights.exists()
    assert olga_user.affiliations.get(establishment=world.establishment).family_rights.count() == 1


def test_rights_apply_to_every_establishment_the_admin_administers(world, login):
    """An admin of two establishments edits one matrix, applied to both affiliations; roles
    are chosen per establishment; another establishment's affiliation is not even shown."""
    AffiliationFactory(user=world.admin, establishment=world.other, admin=True)
    target = AffiliationFactory(establishment=world.establishment).user
    AffiliationFactory(user=target, establishment=world.other)
    AffiliationFactory(user=target, establishment=world.orphan)

    client = login(world.admin)
    content = client.get(rights_url(target)).content.decode()
    assert "CH VOISIN" in content and "CH DE TEST" in content
    assert "EHPAD SANS ADMIN" not in content

    response = client.post(
        rights_url(target),
        {
            f"role_{world.establishment.pk}": "utilisateur",
            f"role_{world.other.pk}": "administrateur",
            "documents": [world.families[1].pk],
        },
    )
    assert response.status_code == 302
    here, there, elsewhere = (
        target.affiliations.get(establishment=e)
        for e in (world.establishment, world.other, world.orphan)
    )
    assert (here.role, there.role, elsewhere.role) == (Role.USER, Role.ADMIN, Role.USER)
    for affiliation in (here, there):
        assert list(affiliation.family_rights.values_list("family_id", flat=True)) == [
            world.families[1].pk
        ]
    assert not elsewhere.family_rights.exists()


def test_the_last_admin_cannot_be_removed(world, login):
    before = rights_state(world)
    response = login(world.admin).post(
        rights_url(world.admin),
        {f"role_{world.establishment.pk}": "utilisateur", "documents": [world.families[0].pk]},
    )
    assert response.status_code == 400
    assert "CH DE TEST n&#x27;aurait plus d&#x27;administrateur actif" in response.content.decode()
    assert rights_state(world) == before


def test_an_admin_can_step_down_when_another_admin_remains(world, login):
    AffiliationFactory(establishment=world.establishment, admin=True)
    client = login(world.admin)
    response = client.post(
        rights_url(world.admin), {f"role_{world.establishment.pk}": "utilisateur"}
    )
    assert response.status_code == 302
    assert world.affiliation(world.admin).role == Role.USER
    # No longer admin: his own page is now out of reach, like any account.
    assert client.get(response["Location"]).status_code == 404


def test_nothing_submitted_grants_staff_or_admin_site_access(world, login):
    login(world.admin).post(
        rights_url(world.user),
        {
            f"role_{world.establishment.pk}": "administrateur",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": "1",
            "user_permissions": "1",
        },
    )
    world.user.refresh_from_db()
    assert not (world.user.is_staff or world.user.is_superuser)
    assert not world.user.groups.exists() and not world.user.user_permissions.exists()


def test_a_staff_account_is_never_managed_from_the_portal(world, login):
    AffiliationFactory(user=world.staff, establishment=world.establishment)
    client = login(world.admin)
    assert client.get(rights_url(world.staff)).status_code == 404
    url = reverse("buyer_space:delete_user", args=[world.staff.pk])
    assert client.post(url).status_code == 404


def test_profiles_are_untouched_by_the_rights_page(world, login):
    profile = Profile.objects.get(user=world.user)
    login(world.admin).post(
        rights_url(world.user),
        {f"role_{world.establishment.pk}": "utilisateur", "phone": "00", "service": "x"},
    )
    profile.refresh_from_db()
    assert profile.phone == "01 23 45 67 89"


def test_unknown_user_id_is_404(world, login):
    assert (
        login(world.admin).get(reverse("buyer_space:user_rights", args=[999999])).status_code == 404
    )


def test_unattached_account_is_404_like_a_missing_one(world, login):
    stranger = UserFactory()
    client = login(world.admin)
    missing = client.get(reverse("buyer_space:user_rights", args=[999999]))
    response = client.get(rights_url(stranger))
    assert response.status_code == missing.status_code == 404
