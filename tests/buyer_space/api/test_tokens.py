"""Tokens: shown once, kept as a keyed hash, limited, revoked at once, audited; the browser
session with CSRF; Mes jetons d'API; ``create_api_token``; throttling and error shapes."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from buyer_space.api import services
from buyer_space.api.api import api
from buyer_space.api.models import ApiToken
from buyer_space.audit.choices import AuditAction
from buyer_space.audit.models import AuditLogEntry
from tests.buyer_space.api.conftest import API

pytestmark = pytest.mark.django_db


def test_a_token_is_kept_only_as_a_keyed_hash(world, settings):
    token, clear = services.create_token(user=world.user, name="Logiciel achats")
    secret = clear.rsplit("_", 1)[1]
    assert clear.startswith(f"ea_{token.pk}_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in stored.secret_hash and len(stored.secret_hash) == 64
    assert services.find_token(clear) == token
    settings.API_TOKEN_KEY = "another key"
    assert services.find_token(clear) is None


@pytest.mark.parametrize(
    "raw", ["", "ea_", "ea_1_court", "Bearer", "ea_99999_" + "a" * 43, "ea_0_" + "a" * 43]
)
def test_a_malformed_or_unknown_token_is_refused(world, call, raw):
    response = call("get", "/moi", token=raw or "x")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Jeton absent, invalide" in response.json()["detail"]


def test_a_wrong_secret_is_refused(world, call):
    token, clear = services.create_token(user=world.user, name="t")
    assert call("get", "/moi", token=f"ea_{token.pk}_{'b' * 43}").status_code == 401
    assert call("get", "/moi", token=clear).status_code == 200


def test_creation_and_revocation_go_to_the_audit_log_and_revocation_is_immediate(world, call):
    token, clear = services.create_token(user=world.admin, name="Intranet", scope="write")
    assert call("get", "/moi", token=clear).status_code == 200
    assert services.revoke_token(token, actor=world.admin)
    assert not services.revoke_token(token, actor=world.admin)  # once only
    assert call("get", "/moi", token=clear).status_code == 401
    actions = list(
        AuditLogEntry.objects.filter(subject=world.admin).values_list("action", "details__name")
    )
    assert (AuditAction.API_TOKEN_CREATED, "Intranet") in actions
    assert actions.count((AuditAction.API_TOKEN_REVOKED, "Intranet")) == 1


def test_a_deactivated_account_s_token_fails_at_once(world, call):
    _, clear = services.create_token(user=world.user, name="t")
    world.user.is_active = False
    world.user.save(update_fields=["is_active"])
    assert call("get", "/moi", token=clear).status_code == 401


def test_an_expired_token_fails(world, call):
    token, clear = services.create_token(user=world.user, name="t", expires_in_days=1)
    assert call("get", "/moi", token=clear).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert call("get", "/moi", token=clear).status_code == 401


def test_last_use_is_written_at_most_once_a_minute(world, call, django_assert_num_queries):
    token, clear = services.create_token(user=world.user, name="t")
    call("get", "/notifications/non-lues", token=clear)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    call("get", "/notifications/non-lues", token=clear)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    call("get", "/notifications/non-lues", token=clear)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first - timedelta(minutes=1)


def test_a_read_only_token_writes_nothing(api_world, call):
    response = call("post", "/notifications/lues", token=api_world.tokens["read_only"])
    assert response.status_code == 403
    assert "lecture seule" in response.json()["detail"]


def test_a_limited_token_sees_its_establishment_only(api_world, call):
    me = call("get", "/moi", token=api_world.tokens["limited"]).json()
    assert [a["etablissement_id"] for a in me["rattachements"]] == [api_world.other.pk]
    assert me["jeton"]["etablissement_id"] == api_world.other.pk
    contracts = call("get", "/marches", token=api_world.tokens["limited"]).json()
    assert contracts["count"] == 0
    assert call("get", "/marches", token=api_world.tokens["admin"]).json()["count"] == 1


def test_the_browser_session_authenticates_with_csrf_on_writes(api_world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(api_world.user)
    assert browser.get(f"{API}/moi").status_code == 200
    refused = browser.post(f"{API}/notifications/lues")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    browser.get(reverse("buyer_space:space"))  # sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    allowed = browser.post(f"{API}/notifications/lues", headers={"X-CSRFToken": csrf})
    assert allowed.status_code == 200
    assert allowed.json() == {"marquees": 1}


def test_throttling_answers_429_with_retry_after(world, call, monkeypatch):
    throttle = api.throttle[0]
    monkeypatch.setattr(throttle, "num_requests", 2)
    _, clear = services.create_token(user=world.user, name="t")
    assert [call("get", "/moi", token=clear).status_code for _ in range(2)] == [200, 200]
    response = call("get", "/moi", token=clear)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert response["Content-Type"] == "application/problem+json"
    assert "Trop de requêtes" in response.json()["detail"]
    # Another token is counted apart.
    _, other = services.create_token(user=world.user, name="u")
    assert call("get", "/moi", token=other).status_code == 200


@pytest.mark.parametrize(
    "query",
    ["limit=101", "limit=0", "offset=-1", "limit=abc", "statut=inconnu", "etablissement=x"],
)
def test_invalid_input_is_a_french_problem_never_a_500(api_world, call, query):
    response = call("get", f"/marches?{query}", token=api_world.tokens["user"])
    assert response.status_code == 422
    body = response.json()
    assert body["title"] == "Données invalides"
    assert body["errors"] and all(error["message"] for error in body["errors"])


def test_a_body_that_is_not_json_is_refused(api_world, call):
    response = call(
        "post",
        "/abonnements",
        token=api_world.tokens["user"],
        data="{pas du json",
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_the_documentation_loads_nothing_from_elsewhere(client):
    html = client.get(f"{API}/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "marchés" in schema["info"]["description"]


# --- Mes jetons d'API ----------------------------------------------------------------------

PAGE = "/mon-espace/jetons-api/"


def test_the_page_creates_a_token_shown_once(world, login):
    client = login(world.user)
    response = client.post(PAGE, {"name": "Script", "scope": "read", "expires_in_days": "30"})
    assert response.status_code == 200
    clear = response.context["created"]
    assert clear in response.content.decode()
    token = ApiToken.objects.get(user=world.user)
    assert token.expires_at > timezone.now() + timedelta(days=29)
    again = client.get(PAGE).content.decode()
    assert clear not in again and "Script" in again


def test_the_page_refuses_an_establishment_of_someone_else(world, login):
    response = login(world.user).post(
        PAGE, {"name": "Script", "scope": "write", "establishment": world.other.pk}
    )
    assert response.status_code == 400
    assert "Choisissez l&#x27;un de vos établissements." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_only_the_owner_revokes_a_token(world, login):
    token, _ = services.create_token(user=world.user, name="t")
    url = f"/mon-espace/jetons-api/{token.pk}/revoquer/"
    assert login(world.admin).post(url).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert login(world.user).post(url).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


@pytest.mark.parametrize(
    ("profile", "status"),
    [("anonymous", 302), ("pending", 404), ("user", 200), ("admin", 200), ("staff", 404)],
)
def test_who_sees_the_page(world, login, profile, status):
    assert login(world.account(profile)).get(PAGE).status_code == status


# --- create_api_token ----------------------------------------------------------------------


def test_the_command_prints_the_token_alone_on_its_last_line(world, call):
    out = io.StringIO()
    call_command(
        "create_api_token",
        world.admin.email.upper(),
        "--scope=write",
        f"--establishment={world.establishment.siret}",
        "--expires=7",
        stdout=out,
    )
    clear = out.getvalue().strip().splitlines()[-1]
    assert clear.startswith("ea_") and " " not in clear
    me = call("get", "/moi", token=clear).json()
    assert me["jeton"]["portee"] == "write"
    assert me["jeton"]["etablissement_id"] == world.establishment.pk


def test_the_command_refuses_an_establishment_the_account_is_not_in(world):
    with pytest.raises(CommandError, match="n'est pas actif"):
        call_command(
            "create_api_token",
            world.user.email,
            f"--establishment={world.other.siret}",
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="Aucun compte actif"):
        call_command("create_api_token", "personne@nulle.part", stdout=io.StringIO())


# --- The calendar of followed offers -------------------------------------------------------


def test_the_followed_offers_calendar_at_a_secret_address_that_renews(api_world, login, client):
    from icalendar import Calendar

    page = login(api_world.user).get(PAGE)
    url = page.context["calendar_url"]
    path = url.removeprefix("http://testserver")
    client.logout()
    feed = client.get(path)  # a calendar program: no session
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    events = list(Calendar.from_ical(feed.content).walk("VEVENT"))
    assert [str(e["uid"]).split("@")[0] for e in events] == [f"offre-{api_world.offer.pk}"]
    login(api_world.user).post("/mon-espace/calendrier/renouveler/")
    client.logout()
    assert client.get(path).status_code == 404
    assert client.get("/mon-espace/calendrier/inconnue/offres-suivies.ics").status_code == 404


def test_the_calendar_stops_with_the_account(api_world, login, client):
    url = login(api_world.user).get(PAGE).context["calendar_url"]
    api_world.user.is_active = False
    api_world.user.save(update_fields=["is_active"])
    client.logout()
    assert client.get(url.removeprefix("http://testserver")).status_code == 404
