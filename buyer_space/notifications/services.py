"""Offer subscriptions (the bell) and the notifications of an offer's changes.

Each publication of an offer is compared with its
:class:`~buyer_space.notifications.models.OfferSnapshot` (what the subscribers last heard of):
its start and end dates, and its market documents (id → title, file name, file fingerprint,
visibility). The first publication only records the snapshot. A publication that changed
something yields at most two *changes* — the dates, and the documents (added, replaced, removed)
— each with a ``change_key`` computed from the offer, the revision and the change itself: a
publish retried, or a fan-out run twice, finds the same keys, and ``Notification`` (unique per
account and key) and the e-mail outbox (unique per key) make each change reach each subscriber
once.

The snapshot is updated in the same transaction as the fan-out is enqueued (on commit). The
fan-out reads the subscribers in batches: per batch, one query for the subscriptions and their
accounts, two for the accounts' rights (:func:`buyer_space.accounts.rules.prime_access`), one
insert of notifications and one of e-mails — never a query per subscriber or per document.
"""

import hashlib
import json
import logging
from datetime import date

import rules
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buyer_space.accounts.rules import prime_access
from buyer_space.accounts.services.validation import absolute_url
from buyer_space.notifications.choices import EmailFrequency, NotificationKind
from buyer_space.notifications.models import (
    Notification,
    NotificationPreference,
    OfferSnapshot,
    Subscription,
)
from catalogue.models import CatalogueDocument, OfferPage, OfferPageDocument
from espace_site.outbox import services as outbox
from espace_site.outbox.models import OutboxEmail

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
EMAIL_TEMPLATE = "notifications/emails/offer_change"

ADDED = "added"
REPLACED = "replaced"
REMOVED = "removed"
_DOCUMENT_LINES = {
    ADDED: gettext_lazy("Document ajouté : %(title)s"),
    REPLACED: gettext_lazy("Document remplacé : %(title)s"),
    REMOVED: gettext_lazy("Document retiré : %(title)s"),
}


# Subscriptions ------------------------------------------------------------------------------


#: Sent once a publication's changes are committed (``offer_info``, ``changes``); a receiver
#: returns ``True`` when it has handed the fan-out to a worker.
changes_committed = Signal()


def subscribable_offers():
    """The offers one may follow: live, outside any private section."""
    return OfferPage.objects.live().public()


def subscribed_offer_ids(user, offer_ids):
    """The ids among ``offer_ids`` that ``user`` follows (one query)."""
    return set(
        Subscription.objects.filter(user=user, offer_id__in=list(offer_ids)).values_list(
            "offer_id", flat=True
        )
    )


def subscribe(user, offer):
    Subscription.objects.get_or_create(user=user, offer=offer)


def unsubscribe(user, offer_id):
    Subscription.objects.filter(user=user, offer_id=offer_id).delete()


def set_subscription(user, offer, subscribed):
    """Follow (``True``) or stop following ``offer``; returns the new state."""
    if subscribed:
        subscribe(user, offer)
    else:
        unsubscribe(user, offer.pk)
    return subscribed


# Snapshots and change detection -------------------------------------------------------------


def _fingerprint(document):
    """What identifies the file's contents: its hash, else its size and last modification."""
    if document.file_hash:
        return document.file_hash
    updated = document.updated_at.isoformat() if document.updated_at else ""
    return f"{document.file_size or ''}:{updated}"


def documents_state(offer_id):
    """``{document id (str): {title, file, fingerprint, visibility, family}}`` (one query)."""
    links = (
        OfferPageDocument.objects.filter(page_id=offer_id)
        .select_related("document")
        .order_by("sort_order", "pk")
    )
    state = {}
    for link in links:
        document = link.document
        state[str(document.pk)] = {
            "title": document.title,
            "file": document.file.name,
            "fingerprint": _fingerprint(document),
            "visibility": document.visibility,
            "family": document.family_id,
        }
    return state


def offer_state(offer):
    return {
        "start_date": offer.start_date.isoformat(),
        "end_date": offer.end_date.isoformat(),
        "documents": documents_state(offer.pk),
    }


def _snapshot_state(snapshot):
    return {
        "start_date": snapshot.start_date.isoformat(),
        "end_date": snapshot.end_date.isoformat(),
        "documents": snapshot.documents or {},
    }


def _change_key(offer_id, kind, revision_id, change):
    payload = json.dumps(
        {"offer": offer_id, "kind": kind, "revision": revision_id, "change": change},
        sort_keys=True,
    )
    digest = hashlib.sha256(payload.encode()).hexdigest()[:24]
    return f"offre-{offer_id}-{kind}-{digest}"


def detect_changes(offer_id, before, after, revision_id=None):
    """The changes from state ``before`` to ``after`` (see :func:`offer_state`), as JSON-ready
    dicts: ``{"key", "kind": "dates", "before": {...}, "after": {...}}`` and ``{"key", "kind":
    "documents", "documents": [{"id", "action", "title", "visibility", "family"}]}``."""
    changes = []
    old_dates = {"start_date": before["start_date"], "end_date": before["end_date"]}
    new_dates = {"start_date": after["start_date"], "end_date": after["end_date"]}
    if old_dates != new_dates:
        change = {"kind": NotificationKind.DATES.value, "before": old_dates, "after": new_dates}
        changes.append(change)

    old_documents, new_documents = before["documents"], after["documents"]
    documents = []
    for document_id, new in new_documents.items():
        old = old_documents.get(document_id)
        if old is None:
            action = ADDED
        elif (old["file"], old["fingerprint"]) != (new["file"], new["fingerprint"]):
            action = REPLACED
        else:
            continue
        documents.append(_document_change(document_id, action, new))
    for document_id, old in old_documents.items():
        if document_id not in new_documents:
            documents.append(_document_change(document_id, REMOVED, old))
    if documents:
        changes.append({"kind": NotificationKind.DOCUMENTS.value, "documents": documents})

    for change in changes:
        change["key"] = _change_key(offer_id, change["kind"], revision_id, change)
    return changes


def _document_change(document_id, action, state):
    return {
        "id": int(document_id),
        "action": action,
        "title": state["title"],
        "visibility": state["visibility"],
        "family": state["family"],
    }


def _lock_snapshot(offer, state, revision_id):
    """The offer's snapshot, locked for this transaction; ``None`` if this call just made it
    (the first publication)."""
    snapshot = OfferSnapshot.objects.select_for_update().filter(offer_id=offer.pk).first()
    if snapshot is not None:
        return snapshot
    try:
        with transaction.atomic():
            OfferSnapshot.objects.create(
                offer_id=offer.pk,
                start_date=state["start_date"],
                end_date=state["end_date"],
                documents=state["documents"],
                revision_id=revision_id,
            )
        return None
    except IntegrityError:  # a concurrent first publication made it: compare with it
        return OfferSnapshot.objects.select_for_update().get(offer_id=offer.pk)


def record_publication(offer, revision=None):
    """Called when ``offer`` is published: compare it with its snapshot, move the snapshot on and
    enqueue the fan-out of the changes once this transaction commits. Returns the changes."""
    revision_id = getattr(revision, "pk", None)
    with transaction.atomic():
        state = offer_state(offer)
        snapshot = _lock_snapshot(offer, state, revision_id)
        if snapshot is None:
            return []
        changes = detect_changes(offer.pk, _snapshot_state(snapshot), state, revision_id)
        if not changes:
            return []
        snapshot.start_date = state["start_date"]
        snapshot.end_date = state["end_date"]
        snapshot.documents = state["documents"]
        snapshot.revision_id = revision_id
        snapshot.save()
        offer_info = {
            "id": offer.pk,
            "title": offer.title,
            "reference": offer.reference,
            "url": offer.get_full_url() or "",
        }
        transaction.on_commit(lambda: dispatch_fan_out(offer_info, changes))
    return changes


def dispatch_fan_out(offer_info, changes):
    """Hand the fan-out to a worker (``tasks.py`` connects its task to
    :data:`changes_committed`); with no worker to take it, run it here rather than lose it."""
    answers = changes_committed.send(sender=OfferSnapshot, offer_info=offer_info, changes=changes)
    if not any(enqueued for _receiver, enqueued in answers):
        logger.warning("Fan-out of offer %s run in the publishing process", offer_info["id"])
        fan_out(offer_info, changes)


# Fan-out ------------------------------------------------------------------------------------


def _stand_in_documents(changes):
    """Unsaved documents carrying what the permission predicates read (visibility, family):
    a removed document may no longer exist."""
    documents = {}
    for change in changes:
        for item in change.get("documents", ()):
            documents[item["id"]] = CatalogueDocument(
                pk=item["id"],
                title=item["title"],
                visibility=item["visibility"],
                family_id=item["family"],
            )
    return documents


def _format_date(value):
    return date_format(date.fromisoformat(value), "d/m/Y")


def describe(change, offer_info, visible_document_ids=None):
    """``(title, message)`` of a change for one account, or ``None`` when he may see none of the
    documents it concerns."""
    offer_title = offer_info["title"]
    if change["kind"] == NotificationKind.DATES:
        before, after = change["before"], change["after"]
        title = _("Nouvelles dates pour l'offre « %(offer)s »") % {"offer": offer_title}
        message = _(
            "L'offre « %(offer)s » (réf. %(reference)s) court désormais du %(start)s au %(end)s "
            "(auparavant du %(old_start)s au %(old_end)s)."
        ) % {
            "offer": offer_title,
            "reference": offer_info["reference"],
            "start": _format_date(after["start_date"]),
            "end": _format_date(after["end_date"]),
            "old_start": _format_date(before["start_date"]),
            "old_end": _format_date(before["end_date"]),
        }
        return title[:255], message
    lines = [
        _DOCUMENT_LINES[item["action"]] % {"title": item["title"]}
        for item in change["documents"]
        if visible_document_ids is None or item["id"] in visible_document_ids
    ]
    if not lines:
        return None
    title = _("Documents de marché mis à jour : « %(offer)s »") % {"offer": offer_title}
    intro = _("Les documents de marché de l'offre « %(offer)s » (réf. %(reference)s) ont changé :")
    message = "\n".join(
        [intro % {"offer": offer_title, "reference": offer_info["reference"]}, *lines]
    )
    return title[:255], message


def email_key(change_key, user_id):
    return f"offer-change:{change_key}:{user_id}"


def _subscription_batches(offer_id, batch_size):
    last_pk = 0
    while True:
        batch = list(
            Subscription.objects.filter(offer_id=offer_id, pk__gt=last_pk, user__is_active=True)
            .select_related("user", "user__buyer_profile", "user__notification_preference")
            .order_by("pk")[:batch_size]
        )
        if not batch:
            return
        yield batch
        last_pk = batch[-1].pk


def fan_out(offer_info, changes, batch_size=BATCH_SIZE):
    """Give each subscriber one notification and (if he wants it) one e-mail per change.

    Idempotent: run twice, it creates nothing more. Returns ``(notifications, e-mails)`` made or
    found again (what this run tried to create).
    """
    offer_id = offer_info["id"]
    if not OfferPage.objects.filter(pk=offer_id).exists():
        return 0, 0  # the offer was deleted meanwhile
    documents = _stand_in_documents(changes)
    restricted = {pk: doc for pk, doc in documents.items() if not doc.is_public}
    public_ids = set(documents) - set(restricted)
    urls = {
        "offer_url": offer_info["url"],
        "notifications_url": absolute_url(reverse("buyer_space:notifications")),
        "preferences_url": absolute_url(reverse("buyer_space:notification_preferences")),
    }

    change_ids = {
        change["key"]: {item["id"] for item in change.get("documents", ())} for change in changes
    }
    described_cache = {}
    notification_total = email_total = 0
    now = timezone.now()
    for batch in _subscription_batches(offer_id, batch_size):
        prime_access([subscription.user for subscription in batch])
        notifications, emails = [], []
        for subscription in batch:
            user = subscription.user
            if not rules.has_perm("notifications.subscribe_to_offers", user):
                continue  # no longer an active account (pending, detached): nothing
            visible = public_ids | {
                pk
                for pk, document in restricted.items()
                if rules.has_perm("notifications.hear_of_offer_document", user, document)
            }
            for change in changes:
                # Accounts seeing the same documents read the same text: written once.
                memo_key = (change["key"], frozenset(visible & change_ids[change["key"]]))
                if memo_key not in described_cache:
                    described_cache[memo_key] = describe(change, offer_info, visible)
                described = described_cache[memo_key]
                if described is None:
                    continue
                title, message = described
                immediate = (
                    subscription.email_enabled
                    and user.email
                    and email_frequency(subscription) == EmailFrequency.IMMEDIATE
                )
                notifications.append(
                    Notification(
                        user=user,
                        offer_id=offer_id,
                        kind=change["kind"],
                        title=title,
                        message=message,
                        change_key=change["key"],
                        emailed_at=now if immediate else None,
                    )
                )
                if immediate:
                    emails.append(
                        _outbox_row(user, email_key(change["key"], user.pk), title, message, urls)
                    )
        with transaction.atomic():
            Notification.objects.bulk_create(notifications, ignore_conflicts=True)
            _enqueue_emails(emails)
        notification_total += len(notifications)
        email_total += len(emails)
    return notification_total, email_total


def general_frequency(user):
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.email_frequency if preference else EmailFrequency.IMMEDIATE


def set_general_frequency(user, frequency):
    frequency = EmailFrequency(frequency)
    NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_frequency": frequency}
    )
    return frequency


def email_frequency(subscription):
    """The subscription's own frequency, else its account's general choice (read through
    ``user__notification_preference``), else an e-mail at each update."""
    if subscription.email_frequency:
        return subscription.email_frequency
    try:
        return subscription.user.notification_preference.email_frequency
    except NotificationPreference.DoesNotExist:
        return EmailFrequency.IMMEDIATE


def _outbox_row(user, key, title, message, urls):
    return OutboxEmail(
        key=key,
        recipients=[user.email],
        recipient_accounts={user.email: user.pk},
        template_prefix=EMAIL_TEMPLATE,
        context={
            "name": user.get_full_name() or user.email,
            "title": title,
            "message": message,
            **urls,
        },
    )


def _enqueue_emails(rows):
    """:func:`espace_site.outbox.services.enqueue` for many e-mails at once: one insert (a key
    already there is skipped), one query for the ids, each handed to a worker on commit."""
    if not rows:
        return
    OutboxEmail.objects.bulk_create(rows, ignore_conflicts=True)
    keys = [row.key for row in rows]
    outbox_ids = list(
        OutboxEmail.objects.filter(
            key__in=keys, sent_at__isnull=True, failed=False, claimed_at__isnull=True
        ).values_list("pk", flat=True)
    )

    def dispatch_all():
        for outbox_id in outbox_ids:
            outbox.dispatch(outbox_id)

    transaction.on_commit(dispatch_all)


def notify_accounts(users, *, kind, title, message, change_key, link, email_template, context):
    """One Mes notifications entry and one e-mail (through the outbox) per account, once per
    ``change_key``: a second call for the same key adds nothing. The entries are marked as
    e-mailed, so that no digest sends them again. Returns the accounts newly notified."""
    users = list(users)
    if not users:
        return []
    already = set(
        Notification.objects.filter(change_key=change_key, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    fresh = [user for user in users if user.pk not in already]
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                kind=kind,
                title=title,
                message=message,
                change_key=change_key,
                link=link,
                emailed_at=now,
            )
            for user in fresh
        ],
        ignore_conflicts=True,
    )
    _enqueue_emails(
        [
            OutboxEmail(
                key=f"notification:{change_key}:{user.pk}",
                recipients=[user.email],
                recipient_accounts={user.email: user.pk},
                template_prefix=email_template,
                context={"name": user.get_full_name() or user.email, **context},
            )
            for user in fresh
            if user.email
        ]
    )
    return fresh


# Mes notifications --------------------------------------------------------------------------


_UNREAD_ATTR = "_buyer_space_unread_notifications"


def unread_count(user):
    """The account's unread notifications, counted once per request (kept on the user object:
    the header and *Mes notifications* share it)."""
    count = getattr(user, _UNREAD_ATTR, None)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        setattr(user, _UNREAD_ATTR, count)
    return count


def mark_read(user, notification_id, now):
    return Notification.objects.filter(user=user, pk=notification_id, read_at__isnull=True).update(
        read_at=now
    )


def mark_all_read(user, now):
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now)
