"""Journey 1: a buyer registers, confirms his e-mail address, then waits for validation.

Registration never reveals whether an address is known: for a known one nothing is created and
the owner is sent an *un compte existe déjà* e-mail instead of the confirmation link; the person
sees the same page either way. The password is hashed by the caller before it gets here, in both
cases alike.

The confirmation link is signed (``django.core.signing``), expires after
:data:`CONFIRMATION_MAX_AGE` and works once: confirming sets ``email_confirmed_at``, after which
the link is answered as *already used*.
"""

import datetime
import re

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import Affiliation, Profile
from buyer_space.accounts.services.validation import absolute_url, request_validation
from buyer_space.audit import services as audit
from buyer_space.audit.choices import AuditAction
from espace_site.outbox.services import enqueue_email
from membership.establishments.models import Establishment

CONFIRMATION_SALT = "buyer_space.email-confirmation"
CONFIRMATION_MAX_AGE = datetime.timedelta(days=3)
SEARCH_LIMIT = 20
_SIRET_AT_END = re.compile(r"(\d{14})$")


def normalise_email(email):
    return (email or "").strip().lower()


# Establishments -------------------------------------------------------------------------------


def establishment_label(establishment):
    """How an establishment is written in the list, and typed back: ``Nom — SIRET``."""
    return f"{establishment.name} — {establishment.siret}"


def find_establishments(query, limit=SEARCH_LIMIT):
    """Establishments whose name, sigle, city, postcode or SIRET match every word of ``query``."""
    terms = [term.strip("—–-(),;.") for term in (query or "")[:200].split()]
    terms = [term for term in terms if term][:8]
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition &= (
            Q(name__icontains=term)
            | Q(acronym__icontains=term)
            | Q(city__icontains=term)
            | Q(postcode__startswith=term)
            | Q(siret__startswith=term)
        )
    return list(Establishment.objects.filter(condition).order_by("name", "pk")[:limit])


def resolve_establishment(text):
    """The establishment ``text`` designates without ambiguity (its SIRET, ``Nom — SIRET`` or its
    exact name), else ``None``; with the candidates to offer, in both cases."""
    text = (text or "").strip()
    if not text:
        return None, []
    siret = _SIRET_AT_END.search(re.sub(r"\s", "", text))
    if siret:
        establishment = Establishment.objects.filter(siret=siret.group(1)).first()
        if establishment is not None:
            return establishment, [establishment]
    matches = find_establishments(text)
    folded = text.casefold()
    exact = [e for e in matches if folded in (e.name.casefold(), establishment_label(e).casefold())]
    if len(exact) == 1:
        return exact[0], matches
    return None, matches


# Registration ---------------------------------------------------------------------------------


def register(
    *,
    account,
    password_hash,
    establishment=None,
    wants_admin_role=False,
    entity_request_form=None,
    notify_known=True,
):
    """Create the inactive account, its profile and its pending affiliation or entity request,
    and e-mail the confirmation link; for a known address, e-mail its owner instead (unless
    ``notify_known`` is false: the caller's throttle refused one more e-mail to it).

    ``account`` holds the cleaned fields of the form (civility, first_name, last_name, email,
    phone, service, job_title, function); ``entity_request_form`` is the valid second form
    (``membership.establishments.forms.EntityRequestForm``), saved once the requester exists.
    Returns the new user, or ``None`` when the address already had an account.
    """
    User = get_user_model()
    email = normalise_email(account["email"])
    try:
        with transaction.atomic():
            known = Q(username__iexact=email) | Q(email__iexact=email)
            if User._default_manager.filter(known).exists():
                raise _KnownAddress
            user = User(
                username=email,
                email=email,
                first_name=account["first_name"],
                last_name=account["last_name"],
                is_active=False,
                is_staff=False,
                is_superuser=False,
            )
            user.password = password_hash
            user.save()
            Profile.objects.create(
                user=user,
                civility=account["civility"],
                phone=account["phone"],
                service=account["service"],
                job_title=account["job_title"],
                function=account["function"],
                privacy_accepted_at=timezone.now(),
            )
            requested_role = Role.ADMIN if wants_admin_role else Role.USER
            details = {"requested_role": str(requested_role)}
            if establishment is not None:
                Affiliation.objects.create(
                    user=user,
                    establishment=establishment,
                    role=Role.USER,
                    requested_role=requested_role,
                    status=AffiliationStatus.PENDING,
                )
            elif entity_request_form is not None:
                entity_request = entity_request_form.save(
                    requester=user, wants_admin_role=wants_admin_role
                )
                details["entity_request"] = entity_request.pk
            audit.record(
                AuditAction.REGISTERED,
                actor=user,
                subject=user,
                establishment=establishment,
                **details,
            )
            send_confirmation(user)
    except (_KnownAddress, IntegrityError):
        if notify_known:
            send_account_exists(email)
        return None
    return user


class _KnownAddress(Exception):
    pass


def send_account_exists(email):
    enqueue_email(
        email,
        "accounts/emails/account_exists",
        {
            "email": email,
            "login_url": absolute_url(reverse("buyer_space:login")),
            "reset_url": absolute_url(reverse("buyer_space:password_reset")),
            "resend_url": absolute_url(reverse("buyer_space:resend_confirmation")),
        },
    )


# Confirmation ---------------------------------------------------------------------------------


class ConfirmationError(Exception):
    """The link cannot confirm anything; ``reason`` is ``invalid``, ``expired`` or ``used``."""

    def __init__(self, reason, user=None):
        super().__init__(reason)
        self.reason = reason
        self.user = user


def _fingerprint(user):
    # Changes with the address or the password, so that an old link dies with them.
    return salted_hmac(CONFIRMATION_SALT, f"{user.pk}|{user.email}|{user.password}").hexdigest()[
        :24
    ]


def confirmation_token(user):
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=CONFIRMATION_SALT)


def confirmation_url(user):
    return absolute_url(reverse("buyer_space:confirm_email", args=[confirmation_token(user)]))


def send_confirmation(user):
    enqueue_email(
        user.email,
        "accounts/emails/confirm_email",
        {
            "first_name": user.first_name,
            "url": confirmation_url(user),
            "days": CONFIRMATION_MAX_AGE.days,
        },
    )


def read_confirmation_token(token):
    """The account the link confirms, or :class:`ConfirmationError`."""
    try:
        payload = signing.loads(token, salt=CONFIRMATION_SALT)
        user_id = int(payload["u"])
        fingerprint = str(payload["f"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ConfirmationError("invalid") from exc
    user = (
        get_user_model()._default_manager.select_related("buyer_profile").filter(pk=user_id).first()
    )
    profile = getattr(user, "buyer_profile", None) if user is not None else None
    if profile is None or not constant_time_compare(fingerprint, _fingerprint(user)):
        raise ConfirmationError("invalid")
    if profile.email_confirmed_at is not None:
        raise ConfirmationError("used", user)
    try:
        signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ConfirmationError("expired", user) from exc
    return user


def confirm_email(user):
    """Activate the account and ask the establishments' admins to validate its affiliations.

    The account can log in from now on, but sees nothing private until an affiliation is
    validated.
    """
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(user=user)
        if profile.email_confirmed_at is not None:
            raise ConfirmationError("used", user)
        profile.email_confirmed_at = timezone.now()
        profile.save(update_fields=["email_confirmed_at"])
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit.record(AuditAction.EMAIL_CONFIRMED, actor=user, subject=user)
        pending = Affiliation.objects.filter(
            user=user, status=AffiliationStatus.PENDING
        ).select_related("user", "establishment")
        for affiliation in pending:
            request_validation(affiliation)
    return user


def resend_confirmation(email):
    """Send a new link if ``email`` is an account still waiting for confirmation; else nothing
    (the caller answers the same either way)."""
    user = (
        get_user_model()
        ._default_manager.select_related("buyer_profile")
        .filter(username__iexact=normalise_email(email), is_active=False)
        .first()
    )
    profile = getattr(user, "buyer_profile", None) if user is not None else None
    if profile is None or profile.email_confirmed_at is not None:
        return False
    send_confirmation(user)
    return True


def is_unconfirmed(user):
    profile = getattr(user, "buyer_profile", None)
    return not user.is_active and profile is not None and profile.email_confirmed_at is None
