"""The audit log: what each action records, and the staff's read-only list in the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from buyer_space.accounts.services import validation
from buyer_space.audit import services as audit
from buyer_space.audit.choices import AuditAction
from buyer_space.audit.models import AuditLogEntry
from tests.factories.buyer_space import UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/admin/audit/auditlogentry/"


@pytest.fixture
def entries(world):
    validation.accept(world.affiliation(world.pending), actor=world.admin)
    validation.refuse(world.orphan_pending, actor=world.staff, reason="Hors périmètre")
    return AuditLogEntry.objects.all()


def test_each_decision_records_who_whom_what_and_when(entries, world):
    validated = entries.get(action=AuditAction.VALIDATED)
    assert validated.actor_label == "Alice Admin <alice.admin@ch-test.example>"
    assert validated.subject_label == "Paul Attente <paul.attente@ch-test.example>"
    assert validated.establishment == world.establishment
    assert validated.created_at is not None
    refused = entries.get(action=AuditAction.REFUSED)
    assert refused.details["reason"] == "Hors périmètre"


def test_staff_list_filters_and_search(entries, world, login):
    client = login(world.staff)
    content = client.get(INDEX).content.decode()
    assert "Paul Attente" in content and "orphelin@ehpad.example" in content

    content = client.get(INDEX, {"action": AuditAction.REFUSED}).content.decode()
    assert "orphelin@ehpad.example" in content and "Paul Attente" not in content

    content = client.get(
        INDEX, {"establishment__id__exact": world.establishment.pk}
    ).content.decode()
    assert "Paul Attente" in content and "orphelin@ehpad.example" not in content

    content = client.get(INDEX, {"q": "paul.attente"}).content.decode()
    assert "Paul Attente" in content and "orphelin@ehpad.example" not in content


def test_staff_inspect_an_entry(entries, world, login):
    entry = entries.get(action=AuditAction.REFUSED)
    response = login(world.staff).get(f"{INDEX}inspect/{entry.pk}/")
    assert response.status_code == 200
    assert "Hors périmètre" in response.content.decode()


def test_the_log_cannot_be_edited_or_deleted(entries, world, login):
    entry = entries.first()
    client = login(world.staff)
    for url in (f"{INDEX}create/", f"{INDEX}edit/{entry.pk}/", f"{INDEX}delete/{entry.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403, 404)
    assert client.post(f"{INDEX}delete/{entry.pk}/").status_code in (302, 403, 404)
    assert AuditLogEntry.objects.filter(pk=entry.pk).exists()


def test_an_editor_without_staff_status_does_not_see_the_log(entries, login):
    editor = UserFactory(email="redacteur@centrale.example")
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    response = login(editor).get(INDEX)
    assert response.status_code in (302, 403)
    assert "Paul Attente" not in response.content.decode()
    home = login(editor).get(reverse("wagtailadmin_home")).content.decode()
    assert "Journal d&#x27;audit" not in home and "Journal d'audit" not in home


def test_staff_see_the_menu(world, login):
    content = login(world.staff).get(reverse("wagtailadmin_home")).content.decode()
    assert "Espace acheteur" in content


def test_anonymise_replaces_the_labels(world):
    entry = audit.record(AuditAction.VALIDATED, actor=world.admin, subject=world.user)
    label = audit.anonymise(world.user)
    entry.refresh_from_db()
    assert entry.subject_label == label == f"Compte supprimé n° {world.user.pk}"
    assert entry.actor_label.startswith("Alice Admin")
