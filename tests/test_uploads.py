"""Files over a view's size limit are dropped as they arrive; the form's other fields are kept
and the CSRF check still applies."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import JsonResponse
from django.test import Client
from django.urls import path

from espace_site.uploads import limit_upload_size, oversized_uploads


@limit_upload_size(10)
def upload_view(request):
    return JsonResponse(
        {
            "fields": dict(request.POST.items()),
            "files": {name: upload.read().decode() for name, upload in request.FILES.items()},
            "oversized": oversized_uploads(request),
        }
    )


urlpatterns = [path("envoi/", upload_view)]

pytestmark = pytest.mark.urls("tests.test_uploads")


def test_a_file_within_the_limit_is_received(client):
    data = client.post(
        "/envoi/", {"name": "Convention", "archive": SimpleUploadedFile("a.zip", b"0123456789")}
    ).json()

    assert data == {
        "fields": {"name": "Convention"},
        "files": {"archive": "0123456789"},
        "oversized": {},
    }


def test_a_file_over_the_limit_is_dropped_and_the_other_fields_kept(client, monkeypatch):
    written = []
    original = TemporaryFileUploadHandler.receive_data_chunk
    monkeypatch.setattr(
        TemporaryFileUploadHandler,
        "receive_data_chunk",
        lambda self, raw, start: written.append(raw) or original(self, raw, start),
    )

    data = client.post(
        "/envoi/",
        {
            "archive": SimpleUploadedFile("big.zip", b"x" * 11),
            "small": SimpleUploadedFile("ok.txt", b"ok"),
            "name": "Convention",
        },
    ).json()

    assert data == {
        "fields": {"name": "Convention"},
        "files": {"small": "ok"},
        "oversized": {"archive": ["big.zip"]},
    }
    assert written == []  # nothing of the big file reached a file on disk


def test_the_csrf_check_still_applies(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/envoi/", {"name": "Convention"})

    assert response.status_code == 403
