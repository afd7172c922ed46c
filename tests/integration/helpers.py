"""Real services for the integration tests: the Redis broker and a separate Celery worker.

The worker is a ``celery -A espace_site worker`` subprocess configured only through its
environment; it opens the test database itself, so these tests need PostgreSQL (an in-memory
SQLite database cannot be shared with another process) and ``transactional_db`` (the rows must be
committed for the worker to see them).
"""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from espace_site.celery import app as celery_app

REDIS_URL = os.environ.get("REDIS_URL", "")
DELIVERY_TIMEOUT = 90
#: Nothing listens there: the broker "is down".
DEAD_BROKER_URL = "redis://127.0.0.1:6390/0"


def redis_reachable(url):
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except (redis.RedisError, OSError, ValueError):
        return False


def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: the worker process must open the test database "
            "(DATABASE_URL=postgres://…); an in-memory SQLite database cannot be shared"
        )


def worker_database_url():
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def drop_connections():
    """Forget the connection pools made for the previous broker (Celery keeps them)."""
    from kombu import pools

    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()  # kombu's registry would hand back the producer pool just closed


def use_broker(url):
    """Point the test process's Celery app at ``url``, not eager; returns what to restore."""
    keys = ("broker_url", "task_always_eager")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(broker_url=url, task_always_eager=False)
    drop_connections()
    return saved


def restore_broker(saved):
    celery_app.conf.update(saved)
    drop_connections()


def purge(url):
    """Empty the queue: a task left by an earlier test must not reach this test's worker."""
    import redis

    client = redis.Redis.from_url(url)
    client.delete("celery", "unacked", "unacked_index")


class Worker:
    """A ``celery worker`` subprocess writing e-mails as files to ``mail_dir``."""

    def __init__(self, tmp_path, broker_url, *, pool="solo", settings_module=None, extra_env=None):
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir(exist_ok=True)
        self.log_path = tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module or "espace_site.settings.dev",
            "DEBUG": "false",
            "REDIS_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_URL": f"filemail://{self.mail_dir}",
            "DATABASE_URL": worker_database_url(),
            "VAR_DIR": str(tmp_path / "var"),
            "WAGTAILADMIN_BASE_URL": settings.WAGTAILADMIN_BASE_URL,
            "PUBLIC_BASE_URL": settings.PUBLIC_BASE_URL,
            "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
            **(extra_env or {}),
        }
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "espace_site",
                "worker",
                f"--pool={pool}",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=test-{uuid.uuid4().hex[:8]}@%h",
                "--loglevel=INFO",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log(self):
        return self.log_path.read_text(errors="replace")

    def messages(self):
        return [path.read_text(errors="replace") for path in sorted(self.mail_dir.glob("*.log"))]

    def wait_for(self, condition, what, timeout=DELIVERY_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                pytest.fail(f"the worker stopped:\n{self.log()[-3000:]}")
            time.sleep(0.3)
        pytest.fail(f"{what}: not within {timeout} s:\n{self.log()[-3000:]}")

    def wait_for_message(self, needle):
        def found():
            return any(needle in text for text in self.messages())

        self.wait_for(found, f"an e-mail to {needle}")
        return [text for text in self.messages() if needle in text]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


@pytest.fixture
def real_broker():
    """The test process publishes to the real Redis (not eager) for the length of the test."""
    if not REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/<db>")
    if not redis_reachable(REDIS_URL):
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    require_postgres()
    purge(REDIS_URL)
    saved = use_broker(REDIS_URL)
    yield REDIS_URL
    restore_broker(saved)


@pytest.fixture
def start_worker(real_broker, tmp_path):
    """``start_worker(**options)`` starts a worker; every one started is stopped at the end."""
    workers = []

    def _start(**options):
        worker = Worker(tmp_path, real_broker, **options)
        workers.append(worker)
        return worker

    yield _start
    for worker in workers:
        worker.stop()
