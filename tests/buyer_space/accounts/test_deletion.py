"""*Supprimer l'utilisateur*: confirmation, GDPR erasure, anonymised audit, affiliations kept."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from buyer_space.accounts.models import Affiliation, FamilyRight, Profile
from buyer_space.audit import services as audit
from buyer_space.audit.choices import AuditAction
from buyer_space.audit.models import AuditLogEntry
from tests.factories.buyer_space import AffiliationFactory, FamilyRightFactory

pytestmark = pytest.mark.django_db


def delete_url(user):
    return reverse("buyer_space:delete_user", args=[user.pk])


def test_the_confirmation_page_deletes_nothing(world, login):
    response = login(world.admin).get(delete_url(world.user))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Le compte sera supprimé définitivement" in content
    assert "CH DE TEST" in content
    assert get_user_model().objects.filter(pk=world.user.pk).exists()


def test_delete_erases_the_account_and_anonymises_the_audit(world, login):
    target = world.user
    pk, email = target.pk, target.email
    FamilyRightFactory(affiliation=world.affiliation(target), family=world.families[0])
    audit.record(AuditAction.VALIDATED, actor=world.admin, subject=target, establishment=None)
    audit.record(AuditAction.VALIDATED, actor=target, subject=world.pending)

    response = login(world.admin).post(delete_url(target), follow=True)

    assert "Le compte de Ulysse Utilisateur est supprimé." in response.content.decode()
    assert not get_user_model().objects.filter(pk=pk).exists()
    assert not get_user_model().objects.filter(email=email).exists()
    assert not Profile.objects.filter(user_id=pk).exists()
    assert not Affiliation.objects.filter(user_id=pk).exists()
    assert not FamilyRight.objects.filter(affiliation__user_id=pk).exists()
    deleted = AuditLogEntry.objects.get(action=AuditAction.DELETED)
    assert deleted.actor == world.admin
    assert deleted.subject is None
    assert deleted.subject_label == f"Compte supprimé n° {pk}"
    assert deleted.details["scope"] == "compte"
    assert deleted.establishment == world.establishment
    for entry in AuditLogEntry.objects.all():
        text = f"{entry.actor_label} {entry.subject_label} {entry.details}"
        assert (
            email not in text
            and "Ulysse" not in text
            and "Utilisateur" not in text.replace("utilisateur", "")
        )


def test_affiliations_elsewhere_keep_the_account(world, login):
    target = world.user
    elsewhere = AffiliationFactory(user=target, establishment=world.other)
    FamilyRightFactory(affiliation=elsewhere, family=world.families[0])

    response = login(world.admin).post(delete_url(target), follow=True)

    assert "son compte reste actif" in response.content.decode()
    target.refresh_from_db()
    assert list(target.affiliations.all()) == [elsewhere]
    assert elsewhere.family_rights.count() == 1
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.subject, entry.details["scope"]) == (
        AuditAction.DELETED,
        target,
        "rattachement",
    )
    assert entry.subject_label.endswith(f"<{target.email}>")


def test_the_confirmation_says_the_account_is_kept(world, login):
    AffiliationFactory(user=world.user, establishment=world.other)
    content = login(world.admin).get(delete_url(world.user)).content.decode()
    assert "Le compte reste actif pour ses autres établissements" in content


def test_a_pending_request_can_be_deleted(world, login):
    response = login(world.admin).post(delete_url(world.pending))
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=world.pending.pk).exists()


def test_deleting_oneself_needs_the_box_ticked(world, login):
    AffiliationFactory(establishment=world.establishment, admin=True)  # another admin remains
    client = login(world.admin)
    response = client.post(delete_url(world.admin))
    assert response.status_code == 400
    assert "Cochez la case pour confirmer" in response.content.decode()
    assert get_user_model().objects.filter(pk=world.admin.pk).exists()

    response = client.post(delete_url(world.admin), {"confirm_self": "on"})

    assert response.status_code == 302 and response["Location"] == "/"
    assert not get_user_model().objects.filter(pk=world.admin.pk).exists()
    # Logged out with the account gone.
    assert client.get(reverse("buyer_space:space")).status_code == 302


def test_the_last_admin_cannot_be_deleted(world, login):
    count = AuditLogEntry.objects.count()
    response = login(world.admin).post(delete_url(world.admin), {"confirm_self": "on"})
    assert response.status_code == 400
    assert "n&#x27;aurait plus d&#x27;administrateur actif" in response.content.decode()
    assert world.affiliation(world.admin).is_admin
    assert AuditLogEntry.objects.count() == count


def test_another_admin_can_be_deleted_while_one_remains(world, login):
    second = AffiliationFactory(establishment=world.establishment, admin=True).user
    assert login(world.admin).post(delete_url(second)).status_code == 302
    assert not get_user_model().objects.filter(pk=second.pk).exists()


@pytest.mark.parametrize("profile", ["other_admin", "ght_admin", "user", "staff"])
def test_no_one_else_can_delete(world, login, profile):
    response = login(world.account(profile)).post(delete_url(world.user))
    assert response.status_code == 404
    assert get_user_model().objects.filter(pk=world.user.pk).exists()
