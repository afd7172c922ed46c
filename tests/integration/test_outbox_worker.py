"""The outbox against the real services: a separate worker process on the real Redis broker,
the test database on PostgreSQL (``.ci/run``'s second run). Skipped, saying why, without them.
"""

import os
import signal
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from espace_site.outbox import services as outbox
from espace_site.outbox.models import OutboxEmail
from espace_site.outbox.services import enqueue_email
from espace_site.outbox.tasks import drain_outbox
from membership.deposits.models import ConventionDeposit
from tests.buyer_space.conftest import make_world
from tests.membership.deposits.deposit_helpers import form_data, make_offer

from .helpers import DEAD_BROKER_URL, restore_broker, use_broker

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PREFIX = "accounts/emails/account_exists"
CONTEXT = {"email": "x@y.example", "login_url": "/l", "reset_url": "/r", "resend_url": "/s"}


def test_a_worker_sends_an_outbox_email_once(start_worker):
    worker = start_worker()
    with transaction.atomic():
        row = enqueue_email("un.seul@hopital.example", PREFIX, CONTEXT, key="integration:a")
        enqueue_email("un.seul@hopital.example", PREFIX, CONTEXT, key="integration:a")
    worker.wait_for_message("un.seul@hopital.example")
    worker.wait_for(
        lambda: OutboxEmail.objects.filter(pk=row.pk, sent_at__isnull=False).exists(),
        "the row marked sent",
    )
    time.sleep(2)
    assert len(worker.messages()) == 1
    assert mail.outbox == []  # not sent by this process
    assert "succeeded" in worker.log()


def test_with_the_broker_down_a_deposit_is_saved_and_its_email_sent_once_it_is_back(
    wagtail_root, client, catalogue_index, start_worker, caplog
):
    """The broker stops during a deposit: saved, success shown, the e-mail waits in the outbox;
    the broker back, the periodic drain (run by the worker) sends it, once."""
    world = make_world()
    offer = make_offer(catalogue_index, world.families[0])
    saved = use_broker(DEAD_BROKER_URL)
    try:
        client.force_login(world.admin)
        response = client.post(
            reverse("membership:deposit_form", args=[offer.pk]), form_data(world.establishment)
        )
    finally:
        restore_broker(saved)
    assert response.status_code == 302
    assert "a bien été déposée" in client.get(response["Location"]).content.decode()
    assert ConventionDeposit.objects.count() == 1
    row = OutboxEmail.objects.get(key__startswith="deposit-received:")
    assert row.sent_at is None
    assert "Broker unavailable" in caplog.text

    # The broker is back (real_broker): beat's drain_outbox reaches a worker.
    OutboxEmail.objects.filter(pk=row.pk).update(
        created_at=row.created_at - outbox.DRAIN_AFTER - timedelta(seconds=1)
    )
    worker = start_worker()
    drain_outbox.delay()
    drain_outbox.delay()  # beat firing twice changes nothing
    worker.wait_for_message("depot@ch-test.example")
    worker.wait_for(lambda: worker.log().count("succeeded") >= 2, "both drains")
    assert len(worker.messages()) == 1
    row.refresh_from_db()
    assert row.sent_at is not None


def test_a_worker_killed_mid_task_does_not_send_twice(start_worker, tmp_path):
    """The worker's process dies after the SMTP server took the message, before the row is
    marked sent. ``acks_late`` + ``reject_on_worker_lost`` put the task back in the queue; the
    new process finds the row claimed and sends nothing."""
    marker = tmp_path / "sending.pid"
    worker = start_worker(
        pool="prefork",
        settings_module="tests.integration.worker_settings",
        extra_env={"SLOW_MAIL_MARKER": str(marker), "SLOW_MAIL_SECONDS": "60"},
    )
    with transaction.atomic():
        row = enqueue_email("une.fois@hopital.example", PREFIX, CONTEXT, key="integration:c")
    worker.wait_for(marker.exists, "the message handed to the mail backend")
    worker.wait_for(lambda: marker.read_text().strip().isdigit(), "the sending process id")
    os.kill(int(marker.read_text()), signal.SIGKILL)  # the pool process, mid-task

    worker.wait_for(lambda: "WorkerLostError" in worker.log(), "the lost worker noticed")
    worker.wait_for(lambda: "succeeded" in worker.log(), "the task redelivered and run again")
    time.sleep(2)
    assert len(worker.messages()) == 1
    row.refresh_from_db()
    assert row.sent_at is None and row.claimed_at is not None  # the claim guards it
    assert outbox.deliver(row.pk) == outbox.Outcome.SKIPPED
