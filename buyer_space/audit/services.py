"""The audit log: every validation, refusal, creation, change of role or right, and deletion."""

from buyer_space.audit.models import AuditLogEntry


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
