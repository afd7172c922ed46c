"""Journey 2: the validation of a *rattachement* by the establishment's admins (or centre staff).

A request is e-mailed to each active admin as a signed link that expires after seven days and
works once: the signature holds the affiliation id and its ``token_nonce``, which every decision
rotates. Opening the link changes nothing; only the admin's POST decides.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import Affiliation, new_nonce
from buyer_space.audit import services as audit
from buyer_space.audit.choices import AuditAction
from espace_site.outbox.services import enqueue_email

SALT = "buyer_space.affiliation-validation"
MAX_AGE = datetime.timedelta(days=7)


class InvalidLink(Exception):
    """The link cannot be used; ``reason`` is one of ``unknown``, ``expired``, ``used``."""

    def __init__(self, reason, affiliation=None):
        super().__init__(reason)
        self.reason = reason
        self.affiliation = affiliation


class DecisionError(Exception):
    """The request cannot be decided any more (already decided meanwhile)."""


def make_token(affiliation):
    return signing.dumps({"a": affiliation.pk, "n": affiliation.token_nonce}, salt=SALT)


def absolute_url(path):
    """``path`` on the site's public address (``PUBLIC_BASE_URL``)."""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def validation_url(affiliation):
    return absolute_url(reverse("buyer_space:validation_link", args=[make_token(affiliation)]))


def read_token(token, *, queryset=None):
    """The pending affiliation the link designates, or :class:`InvalidLink`.

    ``unknown`` (tampered, or the request no longer exists) is checked first, so that the
    caller may answer 404 before revealing that a link expired or was used.
    """
    try:
        payload = signing.loads(token, salt=SALT)
        affiliation_id = int(payload["a"])
        nonce = str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise InvalidLink("unknown") from exc
    queryset = queryset if queryset is not None else Affiliation.objects.all()
    affiliation = queryset.select_related("user", "establishment").filter(pk=affiliation_id).first()
    if affiliation is None:
        raise InvalidLink("unknown")
    if affiliation.token_nonce != nonce or affiliation.status != AffiliationStatus.PENDING:
        raise InvalidLink("used", affiliation)
    try:
        signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvalidLink("expired", affiliation) from exc
    return affiliation


def active_admins(establishment_id):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            affiliations__establishment_id=establishment_id,
            affiliations__status=AffiliationStatus.ACTIVE,
            affiliations__role=Role.ADMIN,
        )
        .distinct()
        .order_by("pk")
    )


def awaiting_the_centre(queryset=None):
    """The pending requests on establishments with no active administrator: the centre's staff
    validate these (``accounts.staff_validate_affiliation``)."""
    active_admin = Affiliation.objects.filter(
        establishment_id=OuterRef("establishment_id"),
        status=AffiliationStatus.ACTIVE,
        role=Role.ADMIN,
    )
    queryset = Affiliation.objects.all() if queryset is None else queryset
    return queryset.filter(status=AffiliationStatus.PENDING).exclude(Exists(active_admin))


def _person(user):
    return {"name": user.get_full_name() or user.email, "email": user.email}


def request_validation(affiliation):
    """E-mail the request to each active admin of the establishment; returns how many.

    With no active admin nothing is e-mailed: the request waits for centre staff in the admin.
    """
    admins = [admin for admin in active_admins(affiliation.establishment_id) if admin.email]
    admins = [admin for admin in admins if admin.pk != affiliation.user_id]
    if not admins:
        return 0
    context = {
        "establishment": str(affiliation.establishment),
        "person": _person(affiliation.user),
        "requested_role": str(Role(affiliation.requested_role).label),
        "url": validation_url(affiliation),
        "days": MAX_AGE.days,
    }
    for admin in admins:
        enqueue_email(
            admin.email,
            "accounts/emails/validation_request",
            {**context, "admin_name": admin.get_full_name() or admin.email},
            key=f"validation-request:{affiliation.pk}:{affiliation.token_nonce}:{admin.pk}",
        )
    return len(admins)


def _lock(affiliation):
    locked = (
        Affiliation.objects.select_for_update()
        .select_related("user", "establishment")
        .get(pk=affiliation.pk)
    )
    if locked.status != AffiliationStatus.PENDING or locked.token_nonce != affiliation.token_nonce:
        raise DecisionError(_("Cette demande a déjà été traitée."))
    return locked


def accept(affiliation, *, actor, role=None, via=""):
    """Activate the request with ``role`` (the requested one by default); e-mail the person."""
    role = Role(role or affiliation.requested_role)
    with transaction.atomic():
        locked = _lock(affiliation)
        locked.mark_reviewed(AffiliationStatus.ACTIVE, by=actor)
        locked.role = role
        locked.token_nonce = new_nonce()
        locked.save(update_fields=[*Affiliation.REVIEW_FIELDS, "role", "token_nonce"])
        audit.record(
            AuditAction.VALIDATED,
            actor=actor,
            subject=locked.user,
            establishment=locked.establishment,
            role=str(role),
            requested_role=locked.requested_role,
            via=via,
        )
        if locked.user.email:
            enqueue_email(
                locked.user.email,
                "accounts/emails/validation_accepted",
                {
                    "person": _person(locked.user),
                    "establishment": str(locked.establishment),
                    "role": str(role.label),
                    "url": absolute_url(reverse("buyer_space:space")),
                },
                key=f"validation-accepted:{locked.pk}:{locked.token_nonce}",
            )
    return locked


def refuse(affiliation, *, actor, reason="", via=""):
    """Refuse the request (the link stops working); e-mail the person, with the reason if any."""
    with transaction.atomic():
        locked = _lock(affiliation)
        locked.mark_reviewed(AffiliationStatus.REFUSED, by=actor, reason=reason.strip())
        locked.token_nonce = new_nonce()
        locked.save(update_fields=[*Affiliation.REVIEW_FIELDS, "token_nonce"])
        audit.record(
            AuditAction.REFUSED,
            actor=actor,
            subject=locked.user,
            establishment=locked.establishment,
            requested_role=locked.requested_role,
            reason=reason,
            via=via,
        )
        if locked.user.email:
            enqueue_email(
                locked.user.email,
                "accounts/emails/validation_refused",
                {
                    "person": _person(locked.user),
                    "establishment": str(locked.establishment),
                    "reason": reason,
                },
                key=f"validation-refused:{locked.pk}:{locked.token_nonce}",
            )
    return locked
