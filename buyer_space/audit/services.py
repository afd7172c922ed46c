"""The audit log: every validation, refusal, creation, change of role or right, and deletion.

The log is append-only: entries are only ever created (:func:`record`); the one change allowed
is to take the people out of them (:func:`anonymise` when an account is erased,
:func:`anonymise_older_than` after the retention period), never to delete one. The admin lists
them read-only.
"""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

from buyer_space.audit.models import AuditLogEntry

#: What an old entry keeps of its details: roles, statuses, ids; no name, reason or free text.
KEPT_DETAILS = ("role", "requested_role", "status", "scope", "via", "entity_request")
ANONYMOUS_LABEL = "Anonymisé"


def account_label(user):
    if user is None:
        return ""
    name = user.get_full_name()
    return f"{name} <{user.email}>" if name else user.email or user.get_username()


def record(action, *, actor=None, subject=None, establishment=None, **details):
    return AuditLogEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=account_label(actor) if actor is not None and actor.is_authenticated else "",
        subject=subject,
        subject_label=account_label(subject),
        establishment=establishment,
        details=details,
    )


def anonymise(user):
    """Replace the labels that name ``user`` before the account is erased (GDPR)."""
    label = f"Compte supprimé n° {user.pk}"
    AuditLogEntry.objects.filter(actor=user).update(actor_label=label)
    AuditLogEntry.objects.filter(subject=user).update(subject_label=label)
    return label


def anonymise_older_than(days):
    """GDPR retention: entries older than ``days`` days keep their action, date and
    establishment, but no longer say who (accounts, labels) nor any free text. Returns the
    number of entries anonymised."""
    cutoff = timezone.now() - timedelta(days=days)
    old = AuditLogEntry.objects.filter(created_at__lt=cutoff).exclude(
        actor__isnull=True,
        subject__isnull=True,
        actor_label__in=["", ANONYMOUS_LABEL],
        subject_label__in=["", ANONYMOUS_LABEL],
    )
    count = 0
    for entry in old.iterator():
        entry.actor = entry.subject = None
        entry.actor_label = ANONYMOUS_LABEL if entry.actor_label else ""
        entry.subject_label = ANONYMOUS_LABEL if entry.subject_label else ""
        entry.details = {key: entry.details[key] for key in KEPT_DETAILS if key in entry.details}
        entry.save(update_fields=["actor", "subject", "actor_label", "subject_label", "details"])
        count += 1
    return count


def purge_login_records(days):
    """GDPR retention: django-axes' records of logins (addresses, logins, browsers) older than
    ``days`` days are deleted. Returns the number of rows deleted."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted = 0
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        deleted += model.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return deleted
