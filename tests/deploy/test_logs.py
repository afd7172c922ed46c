"""Structured logs: JSON lines, a request id on each, the account's id and nothing more about it."""

import io
import json
import logging
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from gunicorn.config import Config

from espace_site.logs import GunicornLogger, RequestContextFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines(settings):
    """What the configured console handler writes during the test, one parsed JSON per line."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RequestContextFilter) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


def test_a_sane_request_id_is_kept_and_names_every_line(home_page, log_lines):
    response = Client().get("/nulle-part/", HTTP_X_REQUEST_ID="a1b2c3d4e5f60718293a4b5c6d7e8f90")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "a1b2c3d4e5f60718293a4b5c6d7e8f90"
    (line,) = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == "a1b2c3d4e5f60718293a4b5c6d7e8f90"
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /nulle-part/"
    assert line["account_id"] is None
    assert "request" not in line and "timestamp" in line


@pytest.mark.parametrize(
    "sent", ["", "short", "a" * 101, "abc def ghi jkl", "abcdefgh\nFAKE LINE", "<script>x</script>"]
)
def test_an_insane_request_id_is_replaced(home_page, sent):
    response = Client().get("/", HTTP_X_REQUEST_ID=sent)
    assert response["X-Request-ID"] != sent
    assert uuid.UUID(hex=response["X-Request-ID"])


def test_each_request_gets_its_own_id(home_page):
    client = Client()
    assert client.get("/")["X-Request-ID"] != client.get("/")["X-Request-ID"]


def test_a_logged_in_line_names_the_account_id_only(home_page, django_user_model, log_lines):
    user = django_user_model.objects.create_user(
        username="marie.curie@chu-exemple.fr",
        email="marie.curie@chu-exemple.fr",
        first_name="Marie",
        last_name="Curie",
        password="not-used-here-1234",
    )
    client = Client()
    client.force_login(user)
    client.get("/nulle-part/")
    (line,) = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["account_id"] == user.pk
    text = json.dumps(line)
    assert "marie" not in text.lower() and "curie" not in text.lower()


def test_a_line_logged_outside_a_request_has_no_ids(log_lines):
    logging.getLogger("espace_site.test").warning("hors requête")
    (line,) = log_lines()
    assert (line["request_id"], line["account_id"]) == (None, None)
    assert line["message"] == "hors requête"


def gunicorn_access(path, request_id="0123456789abcdef"):
    config = Config()
    config.set("accesslog", "-")
    logger = GunicornLogger(config)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(stream)
    response = SimpleNamespace(
        status="200 OK",
        headers=[("X-Request-ID", request_id), ("Content-Type", "text/html")],
        sent=512,
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "q=secret",
        "RAW_URI": f"{path}?q=secret",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=42))
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_gunicorns_access_log_is_a_json_line_with_the_request_id():
    (line,) = gunicorn_access("/offres/")
    assert line["request_id"] == "0123456789abcdef"
    assert (line["method"], line["path"], line["status"], line["bytes"]) == (
        "GET",
        "/offres/",
        200,
        512,
    )
    assert line["duration_ms"] == 42.0
    text = json.dumps(line)
    assert "203.0.113.9" not in text and "secret" not in text and "Mozilla" not in text


def test_gunicorns_access_log_leaves_out_the_probes():
    assert gunicorn_access("/sante/") == []
