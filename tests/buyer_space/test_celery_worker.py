"""The validation e-mail is delivered by a separate Celery worker through the real Redis broker.

The test process enqueues the task (on commit, as in production); a ``celery -A espace_site
worker`` subprocess, configured only through its environment (Redis broker, e-mails written as
files to a temporary folder), sends it. The test process itself keeps Django's in-memory mail
backend, so a file in the folder can only come from the worker.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction

from buyer_space.services.validation import request_validation
from espace_site.celery import app as celery_app
from tests.factories.buyer_space import AffiliationFactory
from tests.factories.membership import EstablishmentFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("REDIS_URL", "")
DELIVERY_TIMEOUT = 90


def redis_reachable(url):
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except (redis.RedisError, OSError, ValueError):
        return False


def worker_database_url(tmp_path):
    """The database the worker opens. The e-mail task reads nothing from it, but Django needs
    one: the test database itself on PostgreSQL, a throw-away SQLite file otherwise (an
    in-memory SQLite database cannot be shared with another process)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        user = db.get("USER") or "postgres"
        return f"postgres://{user}@{host}:{port}/{db['NAME']}"
    return f"sqlite:///{tmp_path / 'worker.sqlite3'}"


@pytest.fixture
def real_broker():
    """Point the test process's Celery app at Redis, not eager, for the length of the test."""
    if not REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/<db>")
    if not redis_reachable(REDIS_URL):
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    keys = ("broker_url", "task_always_eager")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    drop_connections()
    yield REDIS_URL
    celery_app.conf.update(saved)
    drop_connections()


def drop_connections():
    """Forget the connection pools made for the previous broker (Celery keeps them)."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def worker(real_broker, tmp_path):
    """A separate ``celery worker`` process; yields the folder it writes e-mails to."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "espace_site.settings.dev",
        "DEBUG": "false",
        "REDIS_URL": real_broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"filemail://{mail_dir}",
        "DATABASE_URL": worker_database_url(tmp_path),
        "VAR_DIR": str(tmp_path / "var"),
        "WAGTAILADMIN_BASE_URL": settings.WAGTAILADMIN_BASE_URL,
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "espace_site",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=test-{uuid.uuid4().hex[:8]}@%h",
            "--loglevel=INFO",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield mail_dir, process, tmp_path / "worker.log"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def wait_for_message(mail_dir, needle, process, log_path):
    deadline = time.monotonic() + DELIVERY_TIMEOUT
    while time.monotonic() < deadline:
        for path in sorted(Path(mail_dir).glob("*.log")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if needle in text:
                return text
        if process.poll() is not None:
            pytest.fail(f"the worker stopped:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.5)
    pytest.fail(f"no e-mail within {DELIVERY_TIMEOUT} s:\n{log_path.read_text()[-3000:]}")


def test_the_validation_email_is_delivered_by_the_worker(worker):
    mail_dir, process, log_path = worker
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
        assert not any(Path(mail_dir).iterdir())

    text = wait_for_message(mail_dir, admin.email, process, log_path)
    assert "CH DU WORKER" in text
    assert "/mon-espace/demandes/" in text
    assert mail.outbox == []  # not sent by this process
    assert "succeeded" in log_path.read_text()
