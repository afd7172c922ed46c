"""PostgreSQL down: a French 503 page with Retry-After, nothing saved; the e-mail task retries
with its backoff. Against a cluster of the test's own, stopped and started by the test."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from espace_site.outbox.tasks import send_outbox_email
from tests.integration.helpers import Worker, restore_broker, use_broker

from .processes import SiteProcess
from .servers import PostgresCluster, RedisServer

pytestmark = pytest.mark.faults

#: Any 32 characters: Django takes the cookie's token as the secret the form's must match.
CSRF = "f" * 32
UNAVAILABLE = "Service momentanément indisponible"


@pytest.fixture(scope="module")
def cluster():
    """The test's own cluster, with the sessions table only (what a logged-in page reads first;
    every other query fails while the server is down anyway)."""
    cluster = PostgresCluster().start()
    subprocess.run(  # noqa: S603 (fixed arguments)
        [sys.executable, "manage.py", "migrate", "sessions", "-v0"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "espace_site.settings.dev",
            "DATABASE_URL": cluster.url,
        },
        cwd=settings.BASE_DIR,
        check=True,
        timeout=120,
    )
    yield cluster
    cluster.close()


@pytest.fixture
def site(cluster, tmp_path):
    process = SiteProcess(tmp_path, DATABASE_URL=cluster.url)
    yield process
    process.stop()


def test_pages_answer_a_french_503_with_retry_after_while_postgresql_is_down(cluster, site):
    visitor = {"sessionid": "unknown-session"}
    # Up: the session is read from the database; none, so Mon espace asks to log in.
    assert site.request("GET", "/mon-espace/", cookies=visitor).status == 302

    cluster.stop()
    try:
        for method, path, data in (
            ("GET", "/mon-espace/", None),
            ("GET", "/", None),
            ("POST", "/compte/connexion/", {"username": "a@b.example", "password": "x"}),
        ):
            response = site.request(
                method,
                path,
                data=None if data is None else {**data, "csrfmiddlewaretoken": CSRF},
                cookies={**visitor, "csrftoken": CSRF},
            )
            assert response.status == 503, (path, response.status, site.log()[-2000:])
            assert response.getheader("Retry-After") == "30"
            assert response.getheader("Cache-Control") == "no-store"
            assert UNAVAILABLE in response.text
            assert '<html lang="fr">' in response.text
            assert "Set-Cookie" not in dict(response.getheaders())  # no session saved
    finally:
        cluster.start()

    # Back: the next request reconnects (the dead persistent connection is replaced).
    assert site.request("GET", "/mon-espace/", cookies=visitor).status == 302


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.close()


def test_the_email_task_retries_with_its_backoff_while_postgresql_is_down(
    cluster, redis_server, tmp_path
):
    worker = Worker(tmp_path, redis_server.url, extra_env={"DATABASE_URL": cluster.url})
    try:
        worker.wait_for(lambda: "ready" in worker.log(), "the worker ready", timeout=60)
        cluster.stop()
        saved = use_broker(redis_server.url)
        try:
            send_outbox_email.apply_async((1,))
        finally:
            restore_broker(saved)
        worker.wait_for(lambda: "Retry in" in worker.log(), "a retry scheduled", timeout=30)
        log = worker.log()
        assert "OperationalError" in log
        assert "raised unexpected" not in log
    finally:
        worker.stop()
        cluster.start()
