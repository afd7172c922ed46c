"""The e-mail outbox: every e-mail is first a row, saved in the transaction that caused it.

* :func:`enqueue` saves an :class:`~espace_site.outbox.models.OutboxEmail` under an idempotency key
  (the
  key of the effect, e.g. ``validation:<affiliation>:<nonce>:<admin>``; a second row with the same
  key is not made) and, once the transaction commits, hands its id to the worker
  (``send_outbox_email``). If the broker is down at that moment, the failure is logged and the
  request carries on: the row is there, and :func:`drain` (Celery beat, every minute) sends it.
* :func:`deliver` sends one row at most once, whoever calls it: a worker first *claims* the row
  with one ``UPDATE … WHERE sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < lease)``;
  a second worker (the same task delivered twice, a redelivery after a lost worker, the drain)
  finds nothing to claim and stops. A claim left by a worker that died mid-send expires after
  ``LEASE``; only then is the row sent again (the one window where a message can go twice: the
  SMTP server had accepted it when the worker died, before the row was marked sent).
* Deleted accounts get nothing: when the row is saved, the addresses that belong to an account
  are noted with the account's id (``recipient_accounts``); when it is sent, an address whose
  account no longer exists is dropped. Addresses that were no account's (a deposit's contact
  e-mail) are always sent to.
* Temporary SMTP errors (server away, 4xx, socket errors) raise :class:`TemporaryFailure`: the
  task retries with exponential backoff and jitter, the drain tries again later; permanent ones
  (5xx, every recipient refused) mark the row failed with the error, never retried.

:func:`enqueue_email` is the one way every app sends an e-mail: ``templates/<prefix>_subject.txt``
and ``<prefix>_body.txt`` (French) make the message; the context is stored as JSON with the row, so
it holds plain values, not model instances.
"""

import hashlib
import json
import logging
import re
import smtplib
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone

from espace_site.celery import is_temporary_email_error
from espace_site.outbox.models import OutboxEmail

#: Sent once the transaction that queued an e-mail has committed, with ``outbox_id``.
email_committed = Signal()


def render_email(template_prefix, context):
    """``templates/<prefix>_subject.txt`` and ``<prefix>_body.txt`` rendered with ``context``."""
    subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
    body = render_to_string(f"{template_prefix}_body.txt", context)
    return " ".join(subject.splitlines()), body


def send_now(to, template_prefix, context):
    subject, body = render_email(template_prefix, context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
    message.send()


def enqueue_email(to, template_prefix, context, key=None):
    """Queue the e-mail in the caller's transaction; it is sent once the transaction commits.

    ``key`` names the effect (e.g. ``f"validation:{affiliation.pk}:{nonce}:{admin.pk}"``): a
    second call with the same key does nothing. Without a key every call queues one e-mail.
    Returns the :class:`~espace_site.outbox.models.OutboxEmail` row, or ``None`` for a known key.
    """
    return enqueue(to, template_prefix, context, key=key)


logger = logging.getLogger(__name__)


#: The drain leaves younger rows to the task enqueued on commit.
DRAIN_AFTER = timedelta(seconds=60)


#: How long a claim protects a row being sent; a dead worker's claim expires after it. It must
#: exceed the longest SMTP exchange (``OUTBOX_LEASE_SECONDS``, ten minutes unless set).
LEASE = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


#: Attempts (claims) after which a row that keeps failing temporarily is marked failed.
MAX_ATTEMPTS = 8


DRAIN_BATCH = 200


#: A drain sends batch after batch for at most this long: less than the beat's interval, so that
#: two drains do not overlap, and enough for a backlog of thousands (a broker lost during a
#: publication to 5,000 subscribers) to leave within minutes rather than at 200 a minute.
DRAIN_BUDGET = timedelta(seconds=45)


#: Temporary failures in a row after which a drain gives up until the next one.
DRAIN_STOPS_AFTER_FAILURES = 3


KEY_MAX_LENGTH = OutboxEmail._meta.get_field("key").max_length


class TemporaryFailure(Exception):
    """The message may go through later; the row is unclaimed and unsent."""


class Outcome:
    SENT = "sent"
    SKIPPED = "skipped"  # already sent, failed, claimed by another worker, or gone
    NO_RECIPIENT = "no-recipient"
    FAILED = "failed"


def _key(key):
    if not key:
        return f"auto:{uuid.uuid4().hex}"
    if len(key) <= KEY_MAX_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[: KEY_MAX_LENGTH - len(digest) - 1]}:{digest}"


def _accounts(recipients):
    """``{address: account id}`` for the recipients that are accounts (one query)."""
    lowered = {address.lower(): address for address in recipients}
    accounts = {}
    rows = (
        get_user_model()
        .objects.filter(Q(username__in=lowered) | Q(email__in=recipients))
        .values_list("pk", "username", "email")
    )
    for pk, username, email in rows:
        for candidate in (email, username):
            address = lowered.get((candidate or "").lower())
            if address is not None:
                accounts.setdefault(address, pk)
    return accounts


def enqueue(to, template_prefix, context, key=None):
    """Save the e-mail in the current transaction; send it once that transaction commits.

    Returns the new row, or ``None`` when a row with ``key`` already exists (nothing is done).
    ``context`` is stored as JSON (lazy strings and dates become strings).
    """
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    recipients = list(dict.fromkeys(recipients))
    context = json.loads(json.dumps(context, cls=DjangoJSONEncoder))
    with transaction.atomic():  # a savepoint: a duplicate key leaves the caller's work intact
        row, created = OutboxEmail.objects.get_or_create(
            key=_key(key),
            defaults={
                "recipients": recipients,
                "recipient_accounts": _accounts(recipients),
                "template_prefix": template_prefix,
                "context": context,
            },
        )
    if not created:
        return None
    transaction.on_commit(lambda: dispatch(row.pk))
    return row


def dispatch(outbox_id):
    """Hand the row to a worker: ``tasks.py`` connects its task to :data:`email_committed`
    (with the broker down, it logs and leaves the row to the drain)."""
    email_committed.send(sender=OutboxEmail, outbox_id=outbox_id)


def _claim(outbox_id, now):
    return OutboxEmail.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE),
        pk=outbox_id,
        sent_at__isnull=True,
        failed=False,
    ).update(claimed_at=now, attempts=F("attempts") + 1)


def live_recipients(row):
    """The row's recipients, less the addresses whose account was deleted since it was queued."""
    accounts = row.recipient_accounts or {}
    if not accounts:
        return list(row.recipients)
    existing = set(
        get_user_model().objects.filter(pk__in=accounts.values()).values_list("pk", flat=True)
    )
    return [
        address
        for address in row.recipients
        if address not in accounts or accounts[address] in existing
    ]


def deliver(outbox_id):
    """Send the row once; returns an :class:`Outcome` or raises :class:`TemporaryFailure`."""
    claimed_at = timezone.now()
    if not _claim(outbox_id, claimed_at):
        return Outcome.SKIPPED
    row = OutboxEmail.objects.get(pk=outbox_id)
    mine = OutboxEmail.objects.filter(pk=outbox_id, claimed_at=claimed_at)
    recipients = live_recipients(row)
    if not recipients:
        mine.update(
            sent_at=timezone.now(),
            claimed_at=None,
            last_error="Non envoyé : le compte destinataire a été supprimé.",
        )
        return Outcome.NO_RECIPIENT
    try:
        send_now(recipients, row.template_prefix, row.context)
    except (smtplib.SMTPException, OSError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if is_temporary_email_error(exc) and row.attempts < MAX_ATTEMPTS:
            mine.update(claimed_at=None, last_error=error)
            raise TemporaryFailure(error) from exc
        mine.update(claimed_at=None, failed=True, last_error=error)
        logger.error("E-mail %s not sent (%s)", outbox_id, error)
        return Outcome.FAILED
    except Exception as exc:
        # A bug (a missing template…): let it show, and let the drain try again later.
        mine.update(claimed_at=None, last_error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    mine.update(sent_at=timezone.now(), claimed_at=None, last_error="")
    return Outcome.SENT


def pending(now=None):
    """Rows the drain should send: unsent, not failed, older than ``DRAIN_AFTER``, unclaimed."""
    now = now or timezone.now()
    return OutboxEmail.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE),
        sent_at__isnull=True,
        failed=False,
        created_at__lt=now - DRAIN_AFTER,
    ).order_by("created_at", "pk")


def drain(limit=DRAIN_BATCH, now=None, budget=DRAIN_BUDGET):
    """Send what the workers have not (broker down at commit, retries exhausted, lost worker):
    batches of ``limit`` rows, until none is left or ``budget`` is spent. Temporary failures
    several times in a row mean the mail server is away: the drain stops there, rather than
    spend an attempt of every row of a backlog on it.

    Returns ``{outcome: count}``.
    """
    counts = {}
    deadline = time.monotonic() + budget.total_seconds()
    tried = set()  # a row that failed temporarily waits for the next drain
    failing = 0
    while True:
        batch = list(pending(now).exclude(pk__in=tried).values_list("pk", flat=True)[:limit])
        for outbox_id in batch:
            tried.add(outbox_id)
            try:
                outcome = deliver(outbox_id)
            except TemporaryFailure:
                outcome = "temporary-failure"
            except Exception:
                logger.exception("E-mail %s could not be sent", outbox_id)
                outcome = "error"
            counts[outcome] = counts.get(outcome, 0) + 1
            failing = failing + 1 if outcome == "temporary-failure" else 0
            if failing >= DRAIN_STOPS_AFTER_FAILURES:
                logger.warning("Outbox drain stopped: the mail server keeps failing")
                return counts
        if len(batch) < limit or time.monotonic() > deadline:
            return counts


# Privacy (GDPR) -------------------------------------------------------------------------------

ERASED = "[supprimé]"


def _scrub(value, terms, names):
    """``value`` (the JSON of a row's context) without ``terms`` in its texts, and with no text
    that is exactly one of ``names``."""
    if isinstance(value, dict):
        return {key: _scrub(item, terms, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, terms, names) for item in value]
    if isinstance(value, str):
        if value.strip().lower() in names:
            return ERASED
        for term in terms:
            value = re.sub(re.escape(term), ERASED, value, flags=re.IGNORECASE)
    return value


def erase_person(email, full_name="", first_name="", last_name=""):
    """Erase a deleted account's address and name from the outbox rows that hold its address
    (as a recipient, or in their context: an administrator told of its request). Returns the
    number of rows changed; an unsent row keeps its other recipients."""
    email = (email or "").strip().lower()
    if not email:
        return 0
    terms = [term for term in (email, full_name.strip()) if term]
    names = {name.strip().lower() for name in (first_name, last_name, full_name) if name.strip()}
    rows = OutboxEmail.objects.filter(Q(recipients__icontains=email) | Q(context__icontains=email))
    changed = 0
    for row in rows.select_for_update():
        row.recipients = [address for address in row.recipients if address.lower() != email]
        row.recipient_accounts = {
            address: pk
            for address, pk in (row.recipient_accounts or {}).items()
            if address.lower() != email
        }
        row.context = _scrub(row.context, terms, names)
        row.save(update_fields=["recipients", "recipient_accounts", "context"])
        changed += 1
    return changed


def purge_sent(days):
    """Delete the rows sent more than ``days`` days ago (GDPR retention); returns how many."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = OutboxEmail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
