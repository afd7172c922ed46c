"""Tokens of the buyer API: creation (shown once), lookup, revocation, last use.

A token reads ``ea_<id>_<secret>``; the id finds the row in one query, the secret is compared
with its keyed hash in constant time. Every creation and revocation goes to the audit log.
"""

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from buyer_space.api.choices import TokenScope
from buyer_space.api.models import ApiToken
from buyer_space.audit import services as audit
from buyer_space.audit.choices import AuditAction

PREFIX = "ea"
_TOKEN = re.compile(r"^ea_([1-9][0-9]{0,17})_([A-Za-z0-9_-]{20,100})$")
# last_used_at is written at most once a minute per token (not one write per request).
LAST_USE_PRECISION = timedelta(minutes=1)


def _hash(secret):
    return salted_hmac(
        "buyer_space.api.token", secret, secret=settings.API_TOKEN_KEY, algorithm="sha256"
    ).hexdigest()


@transaction.atomic
def create_token(*, user, name, scope=TokenScope.READ, establishment=None, expires_in_days=None):
    """A new token of ``user``; returns ``(token, clear text)``: the only time it is seen."""
    secret = secrets.token_urlsafe(32)
    expires_at = (
        timezone.now() + timedelta(days=expires_in_days) if expires_in_days is not None else None
    )
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        establishment=establishment,
        expires_at=expires_at,
        secret_hash=_hash(secret),
    )
    audit.record(
        AuditAction.API_TOKEN_CREATED,
        actor=user,
        subject=user,
        establishment=establishment,
        token=token.pk,
        name=name,
        scope=scope,
        expires_at=expires_at.isoformat() if expires_at else None,
    )
    return token, f"{PREFIX}_{token.pk}_{secret}"


@transaction.atomic
def revoke_token(token, *, actor):
    """Revoke ``token`` (at once: the next request with it is refused). Idempotent."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated:
        audit.record(
            AuditAction.API_TOKEN_REVOKED,
            actor=actor,
            subject=token.user,
            establishment=token.establishment,
            token=token.pk,
            name=token.name,
        )
    return bool(updated)


def find_token(raw, now=None):
    """The usable token ``raw`` designates (its account active), else ``None``. One query."""
    match = _TOKEN.match(raw or "")
    if match is None:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__buyer_profile")
        .filter(pk=int(match.group(1)))
        .first()
    )
    if token is None or not constant_time_compare(token.secret_hash, _hash(match.group(2))):
        return None
    if not token.is_usable(now) or not token.user.is_active:
        return None
    return token


def record_use(token, now=None):
    """Note the token's last use, writing at most once a minute."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def tokens_of(user):
    return ApiToken.objects.filter(user=user).select_related("establishment")
