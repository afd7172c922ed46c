"""Journey 2: the e-mailed validation link, the pending list and the centre's validation."""

import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.services import validation
from buyer_space.audit.choices import AuditAction
from buyer_space.audit.models import AuditLogEntry
from tests.buyer_space.conftest import without_csrf
from tests.factories.buyer_space import AffiliationFactory

pytestmark = pytest.mark.django_db


def link(affiliation):
    return reverse("buyer_space:validation_link", args=[validation.make_token(affiliation)])


def snapshot(affiliation):
    affiliation.refresh_from_db()
    return (affiliation.status, affiliation.role, affiliation.token_nonce, affiliation.reviewed_at)


def test_request_is_emailed_to_each_active_admin_only(world, django_capture_on_commit_callbacks):
    second_admin = AffiliationFactory(establishment=world.establishment, admin=True).user
    AffiliationFactory(establishment=world.establishment, admin=True, pending=True)
    affiliation = world.affiliation(world.pending)

    with django_capture_on_commit_callbacks(execute=True):
        sent = validation.request_validation(affiliation)

    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.admin.email, second_admin.email])
    message = mail.outbox[0]
    assert "Demande de rattachement à CH DE TEST" in message.subject
    assert "Paul Attente" in message.body
    assert "http://testserver/mon-espace/demandes/" in message.body
    assert "7 jours" in message.body


def test_no_admin_means_no_email_the_request_waits_for_staff(world):
    assert validation.request_validation(world.orphan_pending) == 0
    assert mail.outbox == []


def test_get_shows_the_request_and_changes_nothing(world, login):
    affiliation = world.affiliation(world.pending)
    before = snapshot(affiliation)

    response = login(world.admin).get(link(affiliation))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Demande de rattachement de Paul Attente" in content
    assert 'value="accepter"' in content and 'value="refuser"' in content
    assert snapshot(affiliation) == before
    assert not AuditLogEntry.objects.exists()
    assert mail.outbox == []


def test_anonymous_goes_to_login_then_back(world, client):
    url = link(world.affiliation(world.pending))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("buyer_space:login"))
    assert "next=" in response["Location"]


def test_accept_with_a_chosen_role(world, login, django_capture_on_commit_callbacks):
    affiliation = world.affiliation(world.pending)
    nonce = affiliation.token_nonce

    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.admin).post(
            link(affiliation), {"decision": "accepter", "role": "administrateur"}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "buyer_space:establishment_users", args=[world.establishment.pk]
    )
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.ACTIVE
    assert affiliation.role == Role.ADMIN
    assert affiliation.reviewed_by == world.admin
    assert affiliation.reviewed_at is not None
    assert affiliation.token_nonce != nonce
    entry = AuditLogEntry.objects.get()
    assert entry.action == AuditAction.VALIDATED
    assert (entry.actor, entry.subject, entry.establishment) == (
        world.admin,
        world.pending,
        world.establishment,
    )
    assert entry.details["role"] == Role.ADMIN
    assert [m.to for m in mail.outbox] == [[world.pending.email]]
    assert "est validé" in mail.outbox[0].subject
    assert "« Administrateur »" in mail.outbox[0].body


def test_accept_defaults_to_the_requested_role(world):
    affiliation = world.affiliation(world.pending)
    validation.accept(affiliation, actor=world.admin)
    affiliation.refresh_from_db()
    assert affiliation.role == affiliation.requested_role == Role.USER


def test_refuse_with_a_reason(world, login, django_capture_on_commit_callbacks):
    affiliation = world.affiliation(world.pending)

    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.admin).post(
            link(affiliation),
            {"decision": "refuser", "reason": "Vous n'êtes pas de notre hôpital."},
        )

    assert response.status_code == 302
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.REFUSED
    entry = AuditLogEntry.objects.get()
    assert entry.action == AuditAction.REFUSED
    assert entry.details["reason"] == "Vous n'êtes pas de notre hôpital."
    assert "n'a pas été acceptée" in mail.outbox[0].body
    assert "Vous n'êtes pas de notre hôpital." in mail.outbox[0].body


def test_a_used_link_is_refused_with_a_french_page(
    world, login, django_capture_on_commit_callbacks
):
    affiliation = world.affiliation(world.pending)
    url = link(affiliation)
    client = login(world.admin)
    client.post(url, {"decision": "accepter", "role": "utilisateur"})
    before = snapshot(affiliation)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        get = client.get(url)
        post = client.post(url, {"decision": "refuser"})

    for response in (get, post):
        assert response.status_code == 410
        assert "Cette demande a déjà été traitée" in response.content.decode()
    assert snapshot(affiliation) == before
    assert AuditLogEntry.objects.count() == 1
    assert mail.outbox == []


def make_old_token(affiliation, monkeypatch, days):
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - days * 86400)
    token = validation.make_token(affiliation)
    monkeypatch.setattr(signing.time, "time", real_time)
    return reverse("buyer_space:validation_link", args=[token])


def test_an_expired_link_is_refused(world, login, monkeypatch):
    affiliation = world.affiliation(world.pending)
    url = make_old_token(affiliation, monkeypatch, days=8)
    before = snapshot(affiliation)
    client = login(world.admin)

    for response in (
        client.get(url),
        client.post(url, {"decision": "accepter", "role": "utilisateur"}),
    ):
        assert response.status_code == 410
        assert "Ce lien de validation a expiré" in response.content.decode()
    assert snapshot(affiliation) == before
    assert not AuditLogEntry.objects.exists()


def test_a_six_day_old_link_still_works(world, login, monkeypatch):
    url = make_old_token(world.affiliation(world.pending), monkeypatch, days=6)
    assert login(world.admin).get(url).status_code == 200


def test_a_tampered_link_answers_404(world, login):
    url = link(world.affiliation(world.pending))
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps({"a": world.orphan_pending.pk, "n": "x"}, salt="autre-sel")
    client = login(world.admin)
    for bad in (
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        forged,
        "n-importe-quoi",
    ):
        response = client.get(reverse("buyer_space:validation_link", args=[bad]))
        assert response.status_code == 404


@pytest.mark.parametrize("profile", ["user", "other_admin", "ght_admin", "staff", "pending"])
def test_a_viewer_not_admin_there_gets_the_same_404_as_a_missing_request(world, login, profile):
    affiliation = world.affiliation(world.pending)
    before = snapshot(affiliation)
    client = login(world.account(profile))
    missing = client.get(reverse("buyer_space:validation_link", args=["inexistant"]))

    get = client.get(link(affiliation))
    post = client.post(link(affiliation), {"decision": "accepter", "role": "administrateur"})

    assert missing.status_code == get.status_code == post.status_code == 404
    assert without_csrf(get.content) == without_csrf(missing.content)
    assert snapshot(affiliation) == before


def test_an_admin_demoted_since_the_email_gets_404(world, login):
    affiliation = world.affiliation(world.pending)
    url = link(affiliation)
    AffiliationFactory(establishment=world.establishment, admin=True)  # someone stays admin
    world.affiliation(world.admin).__class__.objects.filter(
        user=world.admin, establishment=world.establishment
    ).update(role=Role.USER)

    assert login(world.admin).get(url).status_code == 404


def test_expired_or_used_links_reveal_nothing_to_a_non_admin(world, login, monkeypatch):
    affiliation = world.affiliation(world.pending)
    old = make_old_token(affiliation, monkeypatch, days=8)
    assert login(world.other_admin).get(old).status_code == 404


def test_forged_role_in_the_decision_is_a_french_error(world, login):
    affiliation = world.affiliation(world.pending)
    before = snapshot(affiliation)

    response = login(world.admin).post(
        link(affiliation), {"decision": "accepter", "role": "superadmin"}
    )

    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert snapshot(affiliation) == before


# --- the pending list of *Voir les utilisateurs* ---------------------------------------------


def decide_url(world, affiliation):
    return reverse(
        "buyer_space:decide_affiliation", args=[affiliation.establishment_id, affiliation.pk]
    )


def test_accept_from_the_pending_list(world, login):
    affiliation = world.affiliation(world.pending)

    response = login(world.admin).post(
        decide_url(world, affiliation), {"decision": "accepter", "role": "utilisateur"}, follow=True
    )

    assert "La demande de Paul Attente est acceptée" in response.content.decode()
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.ACTIVE
    assert AuditLogEntry.objects.get().details["via"] == "liste"
    # The e-mailed link stops working once the request is decided.
    assert login(world.admin).get(link(affiliation)).status_code == 410


def test_deciding_twice_from_the_list_changes_nothing_more(world, login):
    affiliation = world.affiliation(world.pending)
    client = login(world.admin)
    client.post(decide_url(world, affiliation), {"decision": "refuser"})
    before = snapshot(affiliation)

    response = client.post(
        decide_url(world, affiliation),
        {"decision": "accepter", "role": "administrateur"},
        follow=True,
    )

    assert "Cette demande a déjà été traitée." in response.content.decode()
    assert snapshot(affiliation) == before


def test_a_request_of_another_establishment_cannot_be_decided_through_mine(world, login):
    """The request id is forged into my establishment's URL: 404, nothing changed."""
    other_request = AffiliationFactory(establishment=world.other, pending=True)
    url = reverse("buyer_space:decide_affiliation", args=[world.establishment.pk, other_request.pk])
    response = login(world.admin).post(url, {"decision": "accepter", "role": "administrateur"})
    assert response.status_code == 404
    other_request.refresh_from_db()
    assert other_request.status == AffiliationStatus.PENDING


# --- the centre validates the requests of establishments with no admin ---------------------


def test_staff_see_only_requests_of_establishments_without_admin(world, login):
    response = login(world.staff).get("/admin/accounts/affiliation/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "orphelin@ehpad.example" in content
    assert "paul.attente@ch-test.example" not in content


def test_staff_accept_a_request_of_an_establishment_without_admin(
    world, login, django_capture_on_commit_callbacks
):
    affiliation = world.orphan_pending
    url = reverse("accounts_affiliation_review", args=[affiliation.pk])
    client = login(world.staff)
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "accepter", "role": "administrateur"})

    assert response.status_code == 302
    affiliation.refresh_from_db()
    assert (affiliation.status, affiliation.role) == (AffiliationStatus.ACTIVE, Role.ADMIN)
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.actor, entry.details["via"]) == (
        AuditAction.VALIDATED,
        world.staff,
        "centrale",
    )
    assert mail.outbox[0].to == [affiliation.user.email]


def test_staff_cannot_decide_where_an_admin_exists(world, login):
    affiliation = world.affiliation(world.pending)
    before = snapshot(affiliation)
    url = reverse("accounts_affiliation_review", args=[affiliation.pk])
    response = login(world.staff).post(url, {"decision": "accepter", "role": "administrateur"})
    assert response.status_code == 302
    assert snapshot(affiliation) == before
