"""Two-factor authentication (django-otp, TOTP and recovery codes): required for the centre's
staff before the Wagtail admin and for establishment administrators before their screens;
optional for users; the QR code is drawn locally (SVG)."""

import re
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.buyer_space import AffiliationFactory

SETUP_URL = "/securite/double-authentification/"
VERIFY_URL = "/securite/double-authentification/verifier/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.MFA_REQUIRED = True


@pytest.fixture
def staff():
    return get_user_model().objects.create_superuser("agent", "agent@centrale.example", "x")


def current_code(device):
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()


def set_up(client, user, next_url):
    client.force_login(user)
    page = client.get(f"{SETUP_URL}?next={quote(next_url)}")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP_URL, {"code": f"{current_code(device):06d}", "next": next_url})
    assert response.status_code == 200
    return page, re.findall(r"<li><code>([^<]+)</code></li>", response.content.decode())


def test_staff_set_up_their_second_factor_before_the_admin(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP_URL}?{urlencode({'next': '/admin/'})}"

    page, codes = set_up(client, staff, "/admin/")
    html = page.content.decode()
    assert "<h1>Activer la double authentification</h1>" in html
    assert '<img src="data:image/svg+xml;base64,' in html  # drawn here, no other host
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_in_french(client, staff):
    client.force_login(staff)
    client.get(SETUP_URL)
    response = client.post(SETUP_URL, {"code": "000000"})
    assert response.status_code == 400
    assert "Ce code n&#x27;est pas valable" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_at_the_next_login_staff_give_a_code_and_a_recovery_code_serves_once(staff):
    _page, codes = set_up(Client(), staff, "/admin/")

    client = Client()
    client.force_login(staff)
    response = client.get("/admin/pages/")
    assert response["Location"] == f"{VERIFY_URL}?{urlencode({'next': '/admin/pages/'})}"
    assert "Vérification en deux étapes" in client.get(VERIFY_URL).content.decode()
    response = client.post(VERIFY_URL, {"code": codes[0], "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200

    again = Client()
    again.force_login(staff)
    response = again.post(VERIFY_URL, {"code": codes[0]})
    assert response.status_code == 400
    assert "Ce code n&#x27;est pas valable ou a déjà servi." in response.content.decode()
    assert again.get("/admin/").status_code == 302  # still not verified


def test_the_admin_login_page_stays_open(client):
    assert client.get("/admin/login/").status_code == 200


def test_an_establishment_admin_needs_it_before_his_screens(client, home_page):
    affiliation = AffiliationFactory(admin=True)
    url = f"/mon-espace/etablissements/{affiliation.establishment_id}/utilisateurs/"
    client.force_login(affiliation.user)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP_URL}?{urlencode({'next': url})}"
    set_up(client, affiliation.user, url)
    assert client.get(url).status_code == 200


def test_it_is_optional_for_a_user(client, home_page):
    user = AffiliationFactory().user
    client.force_login(user)
    assert client.get("/mon-espace/").status_code == 200
    _page, codes = set_up(client, user, "/mon-espace/")  # offered, not required
    assert len(codes) == 10
