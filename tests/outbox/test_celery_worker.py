"""The validation e-mail is delivered by a separate Celery worker through the real Redis broker.

The test process enqueues the e-mail (an outbox row, handed to the broker on commit, as in
production); a ``celery -A espace_site worker`` subprocess, configured only through its
environment (Redis broker, e-mails written as files to a temporary folder, the test database),
sends it. The test process itself keeps Django's in-memory mail backend, so a file in the folder
can only come from the worker. The worker reads the outbox row from the test database: the test
needs PostgreSQL (skipped on SQLite, saying so). Helpers: ``tests/integration/helpers.py``.
"""

import pytest
from django.core import mail
from django.db import transaction

from buyer_space.accounts.services.validation import request_validation
from tests.factories.buyer_space import AffiliationFactory
from tests.factories.membership import EstablishmentFactory
from tests.integration.helpers import real_broker, start_worker  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_validation_email_is_delivered_by_the_worker(start_worker):  # noqa: F811
    worker = start_worker()
    establishment = EstablishmentFactory(name="CH DU WORKER")
    admin = AffiliationFactory(
        establishment=establishment, admin=True, user__email="admin.worker@ch-test.example"
    ).user
    pending = AffiliationFactory(
        establishment=establishment,
        pending=True,
        user__email="demandeur.worker@ch-test.example",
    )

    with transaction.atomic():
        assert request_validation(pending) == 1
        # Enqueued on commit only.
        assert worker.messages() == []

    (text,) = worker.wait_for_message(admin.email)
    assert "CH DU WORKER" in text
    assert "/mon-espace/demandes/" in text
    assert mail.outbox == []  # not sent by this process
    worker.wait_for(lambda: "succeeded" in worker.log(), "the task's success logged")
