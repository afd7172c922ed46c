"""The e-mail outbox: saved in the caller's transaction, sent on commit once, whatever happens.

The Celery worker and the broker are real in ``tests/integration/``; here the tasks run eagerly
(test settings), or the broker is a Redis URL where nothing listens.
"""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from espace_site.celery import app as celery_app
from espace_site.celery import is_temporary_email_error, retry_delay
from espace_site.outbox import services as outbox
from espace_site.outbox.models import OutboxEmail
from espace_site.outbox.services import enqueue_email
from espace_site.outbox.tasks import drain_outbox, send_outbox_email
from tests.factories.buyer_space import BuyerFactory

pytestmark = pytest.mark.django_db

PREFIX = "accounts/emails/account_exists"
CONTEXT = {"email": "x@y.example", "login_url": "/l", "reset_url": "/r", "resend_url": "/s"}


class RaisingBackend(BaseEmailBackend):
    """Raises ``error`` (set by the test) instead of sending; counts the attempts."""

    error = None
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        raise type(self).error


@pytest.fixture
def raising_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RaisingBackend"
    RaisingBackend.calls = 0

    def _set(error):
        RaisingBackend.error = error

    return _set


def later(seconds=3600):
    return timezone.now() + timedelta(seconds=seconds)


def test_the_email_is_saved_in_the_transaction_and_sent_on_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = enqueue_email("Buyer@Hopital.example", PREFIX, CONTEXT)
    assert OutboxEmail.objects.get().recipients == ["Buyer@Hopital.example"]
    assert len(callbacks) == 1
    assert mail.outbox == []  # nothing before the commit

    callbacks[0]()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Buyer@Hopital.example"]
    row.refresh_from_db()
    assert row.sent_at is not None
    assert row.attempts == 1
    assert row.claimed_at is None


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    class Boom(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        enqueue_email("a@b.example", PREFIX, CONTEXT)
        raise Boom
    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


def test_a_known_key_is_a_no_op(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = enqueue_email("a@b.example", PREFIX, CONTEXT, key="effect:1")
        second = enqueue_email("a@b.example", PREFIX, {**CONTEXT, "email": "z"}, key="effect:1")
    assert first is not None
    assert second is None
    assert OutboxEmail.objects.count() == 1
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1


def test_without_a_key_each_call_queues_an_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_email("a@b.example", PREFIX, CONTEXT)
        enqueue_email("a@b.example", PREFIX, CONTEXT)
    assert OutboxEmail.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_duplicate_key_keeps_the_callers_transaction_usable():
    enqueue_email("a@b.example", PREFIX, CONTEXT, key="effect:2")
    with transaction.atomic():
        assert enqueue_email("a@b.example", PREFIX, CONTEXT, key="effect:2") is None
        BuyerFactory(email="still.works@b.example")  # the transaction is not broken
    assert OutboxEmail.objects.count() == 1


def test_a_very_long_key_is_hashed_and_still_idempotent():
    key = "notification:" + "x" * 400
    assert enqueue_email("a@b.example", PREFIX, CONTEXT, key=key) is not None
    assert enqueue_email("a@b.example", PREFIX, CONTEXT, key=key) is None
    assert len(OutboxEmail.objects.get().key) <= 150


def test_a_sent_email_is_not_sent_again():
    row = enqueue_email("a@b.example", PREFIX, CONTEXT)
    assert outbox.deliver(row.pk) == outbox.Outcome.SENT
    assert outbox.deliver(row.pk) == outbox.Outcome.SKIPPED
    assert send_outbox_email.delay(row.pk).get() == outbox.Outcome.SKIPPED
    assert outbox.drain(now=later()) == {}
    assert len(mail.outbox) == 1


def test_a_row_claimed_by_another_worker_is_left_alone_until_its_lease_expires():
    row = enqueue_email("a@b.example", PREFIX, CONTEXT)
    claimed_at = timezone.now()
    assert outbox._claim(row.pk, claimed_at) == 1  # another worker is sending it

    assert outbox.deliver(row.pk) == outbox.Outcome.SKIPPED
    assert outbox.drain(now=claimed_at + outbox.DRAIN_AFTER + timedelta(seconds=1)) == {}
    assert mail.outbox == []

    # That worker died: once its lease has expired, the row is sent (once).
    OutboxEmail.objects.filter(pk=row.pk).update(
        claimed_at=claimed_at - outbox.LEASE - timedelta(seconds=1)
    )
    assert outbox.deliver(row.pk) == outbox.Outcome.SENT
    assert outbox.deliver(row.pk) == outbox.Outcome.SKIPPED
    assert len(mail.outbox) == 1


def test_a_deleted_account_gets_nothing():
    buyer = BuyerFactory(email="parti@hopital.example")
    row = enqueue_email(buyer.email, PREFIX, CONTEXT)
    assert row.recipient_accounts == {buyer.email: buyer.pk}
    buyer.delete()

    assert outbox.deliver(row.pk) == outbox.Outcome.NO_RECIPIENT
    assert mail.outbox == []
    row.refresh_from_db()
    assert row.sent_at is not None  # done with, never retried
    assert "supprimé" in row.last_error
    assert outbox.drain(now=later()) == {}


def test_only_the_deleted_accounts_are_dropped_from_a_shared_email():
    kept = BuyerFactory(email="reste@hopital.example")
    gone = BuyerFactory(email="parti@hopital.example")
    row = enqueue_email([kept.email, gone.email, "contact.externe@chorus.example"], PREFIX, CONTEXT)
    gone.delete()
    assert outbox.deliver(row.pk) == outbox.Outcome.SENT
    assert mail.outbox[0].to == [kept.email, "contact.externe@chorus.example"]


def test_an_address_is_matched_to_its_account_whatever_its_case():
    buyer = BuyerFactory(email="casse@hopital.example")
    row = enqueue_email("CASSE@Hopital.example", PREFIX, CONTEXT)
    assert row.recipient_accounts == {"CASSE@Hopital.example": buyer.pk}


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPServerDisconnected("connexion perdue"),
        smtplib.SMTPConnectError(421, b"service not available"),
        smtplib.SMTPResponseException(451, b"try again later"),
        smtplib.SMTPSenderRefused(452, b"insufficient storage", "ne-pas-repondre@x"),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
    ],
    ids=["disconnected", "connect", "4xx", "sender-4xx", "refused", "timeout"],
)
def test_a_temporary_smtp_error_leaves_the_row_to_retry(raising_backend, error):
    raising_backend(error)
    row = enqueue_email("a@b.example", PREFIX, CONTEXT)
    with pytest.raises(outbox.TemporaryFailure):
        outbox.deliver(row.pk)
    row.refresh_from_db()
    assert (row.sent_at, row.failed, row.claimed_at, row.attempts) == (None, False, None, 1)
    assert type(error).__name__ in row.last_error
    assert list(outbox.pending(now=later())) == [row]  # the drain will try again


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPResponseException(550, b"mailbox unavailable"),
        smtplib.SMTPDataError(554, b"message refused"),
        smtplib.SMTPRecipientsRefused({"a@b.example": (550, b"no such user")}),
        smtplib.SMTPAuthenticationError(535, b"bad credentials"),
    ],
    ids=["5xx", "data-5xx", "recipients-refused", "auth"],
)
def test_a_permanent_smtp_error_marks_the_row_failed_without_retry(raising_backend, error):
    raising_backend(error)
    row = enqueue_email("a@b.example", PREFIX, CONTEXT)
    assert outbox.deliver(row.pk) == outbox.Outcome.FAILED
    row.refresh_from_db()
    assert row.failed and row.sent_at is None and row.claimed_at is None
    assert type(error).__name__ in row.last_error
    assert outbox.drain(now=later()) == {}
    assert RaisingBackend.calls == 1


def test_the_task_retries_a_temporary_error_with_backoff(raising_backend):
    raising_backend(smtplib.SMTPServerDisconnected("connexion perdue"))
    row = enqueue_email("a@b.example", PREFIX, CONTEXT)
    send_outbox_email.push_request(retries=3, is_eager=False)
    try:
        with (
            mock.patch.object(send_outbox_email, "retry", side_effect=Retry()) as retry,
            pytest.raises(Retry),
        ):
            send_outbox_email.run(row.pk)
    finally:
        send_outbox_email.pop_request()
    countdown = retry.call_args.kwargs["countdown"]
    assert 30 <= countdown <= 30 * 2**3
    assert isinstance(retry.call_args.kwargs["exc"], outbox.TemporaryFailure)


def test_the_task_does_not_retry_a_permanent_error(raising_backend):
    raising_backend(smtplib.SMTPRecipientsRefused({"a@b.example": (550, b"no such user")}))
    row = enqueue_email("a@b.example", PREFIX, CONTEXT)
    send_outbox_email.push_request(retries=0, is_eager=False)
    try:
        with mock.patch.object(send_outbox_email, "retry") as retry:
            assert send_outbox_email.run(row.pk) == outbox.Outcome.FAILED
    finally:
        send_outbox_email.pop_request()
    retry.assert_not_called()


def test_a_row_that_keeps_failing_temporarily_is_marked_failed_after_max_attempts(
    raising_backend,
):
    raising_backend(smtplib.SMTPResponseException(421, b"busy"))
    row = enqueue_email("a@b.example", PREFIX, CONTEXT)
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        with pytest.raises(outbox.TemporaryFailure):
            outbox.deliver(row.pk)
    assert outbox.deliver(row.pk) == outbox.Outcome.FAILED
    row.refresh_from_db()
    assert row.failed and row.attempts == outbox.MAX_ATTEMPTS


def test_the_drain_sends_old_unsent_rows_once_and_leaves_young_ones():
    old = enqueue_email("old@b.example", PREFIX, CONTEXT)
    young = enqueue_email("young@b.example", PREFIX, CONTEXT)
    OutboxEmail.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - outbox.DRAIN_AFTER - timedelta(seconds=5)
    )
    assert drain_outbox.delay().get() == {outbox.Outcome.SENT: 1}
    assert [message.to for message in mail.outbox] == [["old@b.example"]]
    assert outbox.drain() == {}
    young.refresh_from_db()
    assert young.sent_at is None


def test_one_drain_sends_a_backlog_of_several_batches():
    rows = [enqueue_email(f"n{number}@b.example", PREFIX, CONTEXT) for number in range(7)]
    assert outbox.drain(limit=3, now=later()) == {outbox.Outcome.SENT: 7}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"n{number}@b.example" for number in range(7)
    )
    assert not OutboxEmail.objects.filter(pk__in=[r.pk for r in rows], sent_at=None).exists()


def test_a_drain_stops_after_its_budget_and_the_next_one_goes_on():
    for number in range(5):
        enqueue_email(f"n{number}@b.example", PREFIX, CONTEXT)
    assert outbox.drain(limit=2, now=later(), budget=timedelta(0)) == {outbox.Outcome.SENT: 2}
    assert outbox.drain(limit=2, now=later()) == {outbox.Outcome.SENT: 3}
    assert len(mail.outbox) == 5


def test_a_temporary_failure_waits_for_the_next_drain_rather_than_looping(raising_backend):
    row = enqueue_email("a@b.example", PREFIX, CONTEXT)
    raising_backend(smtplib.SMTPResponseException(421, b"busy"))
    assert outbox.drain(limit=1, now=later()) == {"temporary-failure": 1}
    row.refresh_from_db()
    assert row.attempts == 1


def test_a_drain_stops_when_the_mail_server_keeps_failing(raising_backend):
    rows = [enqueue_email(f"n{number}@b.example", PREFIX, CONTEXT) for number in range(6)]
    raising_backend(smtplib.SMTPServerDisconnected("away"))
    assert outbox.drain(now=later()) == {"temporary-failure": outbox.DRAIN_STOPS_AFTER_FAILURES}
    attempts = OutboxEmail.objects.filter(pk__in=[r.pk for r in rows]).values_list(
        "attempts", flat=True
    )
    assert sorted(attempts) == [0, 0, 0, 1, 1, 1]  # the others keep their attempts


def test_the_drain_carries_on_after_a_failing_row(raising_backend):
    first = enqueue_email("a@b.example", PREFIX, CONTEXT)
    second = enqueue_email("c@d.example", "buyer_space/emails/does_not_exist", CONTEXT)
    raising_backend(smtplib.SMTPResponseException(421, b"busy"))
    counts = outbox.drain(now=later())
    assert counts == {"temporary-failure": 1, "error": 1}
    second.refresh_from_db()
    assert "TemplateDoesNotExist" in second.last_error
    assert OutboxEmail.objects.filter(pk=first.pk, sent_at__isnull=True, failed=False).exists()


def test_the_context_is_stored_as_json():
    from django.utils.translation import gettext_lazy

    row = enqueue_email(
        "a@b.example", PREFIX, {**CONTEXT, "role": gettext_lazy("Administrateur"), "n": 3}
    )
    row.refresh_from_db()
    assert row.context["role"] == "Administrateur"


# The broker is down when the user submits ----------------------------------------------------


@pytest.fixture
def broker_down():
    """The app publishes to a Redis URL where nothing listens, as in production."""
    keys = ("broker_url", "task_always_eager")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(broker_url="redis://127.0.0.1:6390/0", task_always_eager=False)
    _drop_pools()
    yield
    celery_app.conf.update(saved)
    _drop_pools()


def _drop_pools():
    from kombu import pools

    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


def test_with_the_broker_down_the_submission_succeeds_and_the_drain_sends_later(
    client, broker_down, django_capture_on_commit_callbacks, caplog
):
    buyer = BuyerFactory(email="oubli@hopital.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("buyer_space:password_reset"), {"email": buyer.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("buyer_space:password_reset_done")
    row = OutboxEmail.objects.get()
    assert row.sent_at is None and row.attempts == 0
    assert mail.outbox == []
    assert "Broker unavailable" in caplog.text

    assert outbox.drain(now=later()) == {outbox.Outcome.SENT: 1}
    assert outbox.drain(now=later()) == {}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [buyer.email]


# The retry policy -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "temporary"),
    [
        (smtplib.SMTPServerDisconnected(), True),
        (smtplib.SMTPConnectError(554, b"no"), True),
        (smtplib.SMTPResponseException(421, b"busy"), True),
        (smtplib.SMTPResponseException(550, b"no"), False),
        (smtplib.SMTPRecipientsRefused({}), False),
        (smtplib.SMTPNotSupportedError(), False),
        (ConnectionResetError(), True),
        (ValueError(), False),
    ],
)
def test_temporary_and_permanent_errors(error, temporary):
    assert is_temporary_email_error(error) is temporary


def test_the_retry_delay_grows_exponentially_with_jitter_and_a_cap():
    delays = [retry_delay(retries) for retries in range(12) for _ in range(20)]
    assert all(30 <= delay <= 3600 for delay in delays)
    assert max(retry_delay(1) for _ in range(50)) <= 60
    assert len({round(retry_delay(5), 3) for _ in range(20)}) > 1  # jitter
