"""The offers' change log (:class:`OfferChange`) and its feed's opaque cursor.

Writers take a lock before inserting (PostgreSQL: a transaction-level advisory lock; SQLite
serialises writers already), so ids are handed out in commit order: a consumer who polls from
his last id never misses a row committed later under a smaller id, nor reads one twice.
"""

import base64
import binascii

from django.db import connection, transaction
from wagtail.models import Page

from buyer_space.api.choices import OfferChangeKind
from buyer_space.api.models import OfferChange

_LOCK_KEY = 0x0FFE7C4A  # any constant: the advisory lock of the offers' change log
CURSOR_PREFIX = "oc1:"


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _is_public(page):
    return not Page.objects.filter(pk=page.pk).filter(Page.objects.private_q()).exists()


def _append(offer, kind):
    with transaction.atomic():
        _lock()
        return OfferChange.objects.create(
            offer_id=offer.pk,
            kind=kind,
            title=offer.title[:255],
            reference=getattr(offer, "reference", "")[:60],
            url_path=(offer.url_path or "")[:255],
        )


def record_published(offer):
    """Created at its first publication, updated afterwards; private sections stay out."""
    if not _is_public(offer):
        return None
    known = OfferChange.objects.filter(offer_id=offer.pk).exists()
    first = offer.first_published_at == offer.last_published_at
    kind = OfferChangeKind.UPDATED if known or not first else OfferChangeKind.CREATED
    return _append(offer, kind)


def record_gone(offer, kind):
    """Unpublished or deleted: a tombstone, for an offer the feed has shown only."""
    if not OfferChange.objects.filter(offer_id=offer.pk).exists():
        return None
    return _append(offer, kind)


def encode_cursor(last_id):
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """The last id read, or ``None`` for a cursor that is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not raw.startswith(CURSOR_PREFIX) or not raw[len(CURSOR_PREFIX) :].isdigit():
        return None
    value = int(raw[len(CURSOR_PREFIX) :])
    return value if value < 2**63 else None


def changes_after(last_id, limit):
    """``limit`` changes after ``last_id``, in order, and whether more follow (one query)."""
    rows = list(OfferChange.objects.filter(pk__gt=last_id).order_by("pk")[: limit + 1])
    return rows[:limit], len(rows) > limit
