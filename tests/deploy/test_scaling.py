"""Ways to scale out, each a setting read from the environment (deploy/SCALING.md): the read
replica's router, PgBouncer's and the reports' aliases, the broker, the search backend, media on
S3-compatible storage (against moto's S3 server, in a thread)."""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.http import HttpResponse
from django.test import RequestFactory
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from catalogue.models import OfferPage, PurchaseFamily
from espace_site.db import ReplicaMiddleware, ReplicaRouter, reports_database
from espace_site.files import private_file_response

from .conftest import free_port

REPO = Path(__file__).resolve().parents[2]

SETTINGS_DUMP = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({
    "databases": {alias: {k: v for k, v in db.items() if k in ("NAME", "HOST", "PORT", "TEST",
                  "DISABLE_SERVER_SIDE_CURSORS")} for alias, db in s.DATABASES.items()},
    "storages": s.STORAGES, "broker": s.CELERY_BROKER_URL, "eager": s.CELERY_TASK_ALWAYS_EAGER,
    "transport": s.CELERY_BROKER_TRANSPORT_OPTIONS, "search": s.WAGTAILSEARCH_BACKENDS,
}, default=str))
"""


def settings_with(**environ):
    """The settings a process started with ``environ`` gets (base.py reads each variable once)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SETTINGS_DUMP],
        env={**clean, "DJANGO_SETTINGS_MODULE": "espace_site.settings.dev", **environ},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- PostgreSQL: replica, PgBouncer, reports ----------------------------------------------------


def test_the_database_aliases_come_from_the_environment():
    plain = settings_with(DATABASE_URL="postgres://u@db:5432/espace")
    assert set(plain["databases"]) == {"default"}
    assert plain["databases"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is False

    scaled = settings_with(
        DATABASE_URL="postgres://u@pgbouncer:6432/espace",
        DATABASE_DISABLE_SERVER_SIDE_CURSORS="true",
        DATABASE_REPORTS_URL="postgres://u@pgbouncer-session:6433/espace",
        DATABASE_REPLICA_URL="postgres://u@replica:5432/espace",
    )
    databases = scaled["databases"]
    assert databases["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert (databases["reports"]["HOST"], databases["reports"]["PORT"]) == (
        "pgbouncer-session",
        6433,
    )
    assert databases["replica"]["HOST"] == "replica"
    assert (
        databases["replica"]["TEST"]["MIRROR"]
        == databases["reports"]["TEST"]["MIRROR"]
        == "default"
    )


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setitem(django_settings.DATABASES, "replica", {})


def reads_during(path, method="GET", models=(OfferPage, PurchaseFamily, Session)):
    """Where the router sends the reads of ``models`` during a request to ``path``."""
    seen = {}

    def view(request):
        router = ReplicaRouter()
        for model in models:
            seen[model.__name__] = router.db_for_read(model)
        return HttpResponse()

    ReplicaMiddleware(view)(RequestFactory().generic(method, path))
    return seen


def test_the_catalogue_and_the_api_read_from_the_replica(with_replica):
    for path in ("/offres/", "/offres/sante/?page=2", "/api/v2/pages/"):
        assert reads_during(path) == {
            "OfferPage": "replica",
            "PurchaseFamily": "replica",
            # A visitor's own session is read where it was written.
            "Session": None,
        }, path


def test_everything_else_reads_from_the_primary(with_replica):
    for path in ("/", "/admin/pages/", "/mon-espace/", "/compte/connexion/"):
        assert set(reads_during(path).values()) == {None}, path
    assert set(reads_during("/offres/", method="POST").values()) == {None}


def test_without_a_replica_nothing_moves():
    assert set(reads_during("/offres/").values()) == {None}
    assert reports_database() == "default"


def test_writes_and_migrations_stay_on_the_primary():
    router = ReplicaRouter()
    assert router.db_for_write(OfferPage) == "default"
    assert router.allow_migrate("default", "catalogue")
    assert not router.allow_migrate("replica", "catalogue")
    assert not router.allow_migrate("reports", "catalogue")


# -- Broker and search --------------------------------------------------------------------------


def test_the_broker_comes_from_the_environment():
    assert settings_with()["eager"] is True
    redis_only = settings_with(REDIS_URL="redis://cache:6379/0")
    assert (redis_only["broker"], redis_only["eager"]) == ("redis://cache:6379/0", False)
    rabbit = settings_with(
        REDIS_URL="redis://cache:6379/0", CELERY_BROKER_URL="amqp://espace:x@rabbit:5672/espace"
    )
    assert (rabbit["broker"], rabbit["eager"]) == ("amqp://espace:x@rabbit:5672/espace", False)
    sentinel = settings_with(
        CELERY_BROKER_URL="sentinel://s1:26379;sentinel://s2:26379", REDIS_SENTINEL_MASTER="espace"
    )
    assert sentinel["transport"]["master_name"] == "espace"


def test_the_search_backend_comes_from_the_environment():
    assert settings_with()["search"] == {"default": {"BACKEND": "wagtail.search.backends.database"}}
    opensearch = settings_with(
        SEARCH_BACKEND="wagtail.search.backends.opensearch2",
        SEARCH_URLS="https://search-1:9200,https://search-2:9200",
        SEARCH_INDEX="espace-prod",
    )["search"]["default"]
    assert opensearch["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert opensearch["URLS"] == ["https://search-1:9200", "https://search-2:9200"]
    assert opensearch["INDEX"] == "espace-prod"


# -- Media on S3-compatible storage -------------------------------------------------------------


def test_s3_storages_come_from_the_environment():
    storages = settings_with(
        S3_BUCKET="espace-media",
        S3_PRIVATE_BUCKET="espace-prive",
        S3_ENDPOINT_URL="https://s3.local",
    )["storages"]
    public, private = storages["default"], storages["private"]
    assert public["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (public["OPTIONS"]["bucket_name"], public["OPTIONS"]["querystring_auth"]) == (
        "espace-media",
        False,
    )
    assert (private["OPTIONS"]["bucket_name"], private["OPTIONS"]["querystring_auth"]) == (
        "espace-prive",
        True,
    )
    assert private["OPTIONS"]["querystring_expire"] == 300
    assert settings_with()["storages"]["private"]["BACKEND"].endswith("FileSystemStorage")


@pytest.fixture
def s3_server(monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "eu-west-3",
    }.items():
        monkeypatch.setenv(name, value)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-3")
    for bucket in ("espace-media", "espace-prive"):
        s3.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
    yield SimpleNamespace(endpoint=endpoint, client=s3)
    server.stop()


def s3_storages(endpoint):
    options = settings_with(
        S3_BUCKET="espace-media",
        S3_PRIVATE_BUCKET="espace-prive",
        S3_ENDPOINT_URL=endpoint,
        S3_REGION="eu-west-3",
    )["storages"]
    return S3Storage(**options["default"]["OPTIONS"]), S3Storage(**options["private"]["OPTIONS"])


def test_a_private_file_on_s3_is_only_given_by_a_signed_url(s3_server, settings):
    settings.PRIVATE_MEDIA_SERVER = "redirect"
    public, private = s3_storages(s3_server.endpoint)
    name = private.save("rapports/commandes.xlsx", ContentFile(b"PK\x03\x04 rapport"))
    assert s3_server.client.get_object(Bucket="espace-prive", Key=f"private/{name}")

    field_file = FieldFile(None, SimpleNamespace(storage=private), name)
    response = private_file_response(field_file, "commandes-janvier.xlsx")
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert location.path == "/espace-prive/private/rapports/commandes.xlsx"
    assert query["X-Amz-Expires"] == ["300"] and query["X-Amz-Signature"]
    assert "commandes-janvier.xlsx" in query["response-content-disposition"][0]
    with urllib.request.urlopen(response["Location"]) as downloaded:  # noqa: S310 (local)
        assert downloaded.read() == b"PK\x03\x04 rapport"

    public_name = public.save("images/logo.png", ContentFile(b"png"))
    assert "X-Amz-Signature" not in public.url(public_name)
    assert public.url(public_name).endswith("/espace-media/media/images/logo.png")
