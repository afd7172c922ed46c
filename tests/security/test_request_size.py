"""Oversized bodies answer 413 with a French page (or the form again, with its French message),
never 200 or 400."""

import pytest
from django.test import Client

LOGIN_URL = "/compte/connexion/"

pytestmark = pytest.mark.django_db


def test_a_body_over_the_site_limit_is_refused_before_it_is_read(settings, home_page):
    settings.MAX_REQUEST_BODY_SIZE = 1000
    response = Client().post(LOGIN_URL, data=b"x" * 1001, content_type="application/octet-stream")
    assert response.status_code == 413
    html = response.content.decode()
    assert '<h1 id="erreur-titre">Envoi trop volumineux</h1>' in html
    assert "dépasse la taille maximale acceptée" in html


def test_form_fields_over_djangos_limit_answer_413(settings, home_page):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post(LOGIN_URL, {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()


def test_an_ordinary_bad_request_stays_400_in_french(client, home_page):
    response = client.get("/", HTTP_HOST="attaquant.example")
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()
