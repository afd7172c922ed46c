"""Privacy (GDPR): an erased account leaves no address or name in the outbox; retention tasks on
beat delete sent e-mails and login records after 30 days and anonymise audit entries after the
retention set in settings, the audit log staying append-only (no entry deleted)."""

import datetime
import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings as project_settings
from django.utils import timezone

from buyer_space.accounts.services.accounts import erase_account
from buyer_space.audit import services as audit
from buyer_space.audit.choices import AuditAction
from buyer_space.audit.models import AuditLogEntry
from buyer_space.audit.tasks import apply_retention
from espace_site.outbox.models import OutboxEmail
from espace_site.outbox.services import enqueue_email
from espace_site.outbox.tasks import purge_sent_emails
from tests.factories.buyer_space import BuyerFactory

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def row_text(row):
    return json.dumps([row.recipients, row.recipient_accounts, row.context], ensure_ascii=False)


def test_an_erased_account_leaves_no_address_or_name_in_the_outbox():
    zoe = BuyerFactory(email="zoe.lefevre@ch-test.example", first_name="Zoé", last_name="Lefèvre")
    admin = BuyerFactory(email="admin@ch-test.example", first_name="Paul", last_name="Martin")
    enqueue_email(zoe.email, "accounts/emails/confirm_email", {"first_name": "Zoé", "url": "x"})
    enqueue_email(
        [admin.email],
        "accounts/emails/validation_request",
        {
            "admin_name": "Paul Martin",
            "person": {"name": "Zoé Lefèvre", "email": zoe.email},
            "establishment": "CH de Test",
        },
    )
    enqueue_email([zoe.email, "depot@ch-test.example"], "deposits/emails/x", {"n": 1})
    untouched = enqueue_email(admin.email, "accounts/emails/confirm_email", {"first_name": "Paul"})

    erase_account(zoe)

    for row in OutboxEmail.objects.all():
        text = row_text(row).lower()
        assert "zoe.lefevre" not in text and "zoé" not in text and "lefèvre" not in text, text
    to_admin = OutboxEmail.objects.get(template_prefix="accounts/emails/validation_request")
    assert to_admin.recipients == [admin.email]
    assert to_admin.context["admin_name"] == "Paul Martin"
    assert to_admin.context["person"] == {"name": "[supprimé]", "email": "[supprimé]"}
    shared = OutboxEmail.objects.get(template_prefix="deposits/emails/x")
    assert shared.recipients == ["depot@ch-test.example"]
    untouched.refresh_from_db()
    assert untouched.context == {"first_name": "Paul"}


def test_sent_emails_are_deleted_after_thirty_days():
    rows = {
        age: enqueue_email(f"r{age}@ch-test.example", "accounts/emails/confirm_email", {})
        for age in (31, 29)
    }
    for age, row in rows.items():
        OutboxEmail.objects.filter(pk=row.pk).update(sent_at=days_ago(age))
    unsent = enqueue_email("attente@ch-test.example", "accounts/emails/confirm_email", {})
    OutboxEmail.objects.filter(pk=unsent.pk).update(created_at=days_ago(40))

    assert purge_sent_emails() == 1
    assert set(OutboxEmail.objects.values_list("pk", flat=True)) == {rows[29].pk, unsent.pk}


def _axes_rows(age):
    common = {"username": f"u{age}@x.example", "ip_address": "10.0.0.1", "user_agent": "test"}
    attempt = AccessAttempt.objects.create(
        **common,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
        failures_since_start=1,
    )
    log = AccessLog.objects.create(**common, http_accept="", path_info="/")
    failure = AccessFailureLog.objects.create(**common, http_accept="", path_info="/")
    for model, row in ((AccessAttempt, attempt), (AccessLog, log), (AccessFailureLog, failure)):
        model.objects.filter(pk=row.pk).update(attempt_time=days_ago(age))


def test_login_records_are_deleted_after_thirty_days_and_audit_entries_anonymised_after_a_year():
    _axes_rows(31)
    _axes_rows(29)
    actor = BuyerFactory(first_name="Anne", last_name="Admin")
    subject = BuyerFactory(first_name="Jean", last_name="Test")
    old = audit.record(
        AuditAction.REFUSED, actor=actor, subject=subject, reason="Jean n'est pas agent", role="x"
    )
    recent = audit.record(AuditAction.VALIDATED, actor=actor, subject=subject, role="admin")
    AuditLogEntry.objects.filter(pk=old.pk).update(created_at=days_ago(366))

    result = apply_retention()

    assert result == {"audit_entries_anonymised": 1, "login_records_deleted": 3}
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert list(model.objects.values_list("username", flat=True)) == ["u29@x.example"]
    old.refresh_from_db()
    assert (old.actor, old.subject, old.actor_label, old.subject_label) == (
        None,
        None,
        "Anonymisé",
        "Anonymisé",
    )
    assert old.details == {"role": "x"}
    assert old.action == AuditAction.REFUSED
    recent.refresh_from_db()
    assert recent.actor == actor and "Jean Test" in recent.subject_label
    # Append-only: nothing was deleted, and a second run changes nothing.
    assert AuditLogEntry.objects.count() == 2
    assert apply_retention() == {"audit_entries_anonymised": 0, "login_records_deleted": 0}


def test_the_retention_settings_and_beat_schedule():
    assert project_settings.OUTBOX_RETENTION_DAYS == 30
    assert project_settings.LOGIN_RECORDS_RETENTION_DAYS == 30
    assert project_settings.AUDIT_RETENTION_DAYS == 365
    tasks = {entry["task"] for entry in project_settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "espace_site.outbox.tasks.purge_sent_emails",
        "buyer_space.audit.tasks.apply_retention",
    } <= tasks
