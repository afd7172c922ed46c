"""What the API's writes do: through the pages' forms and services, with their effects (files,
e-mails, audit log) and French refusals that save nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import FamilyRight
from buyer_space.audit.choices import AuditAction
from buyer_space.audit.models import AuditLogEntry
from buyer_space.exchanges.choices import ExchangeStatus
from buyer_space.exchanges.models import Exchange, ExchangeAttachment
from buyer_space.notifications.models import Subscription
from espace_site.outbox.models import OutboxEmail
from membership.deposits.models import ConventionDeposit
from tests.buyer_space.api.conftest import deposit_data
from tests.membership.deposits.deposit_helpers import PDF

pytestmark = pytest.mark.django_db


def _pdf(name="devis.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_question_with_attachments_is_saved_and_its_file_downloads(api_world, call):
    token = api_world.tokens["user"]
    response = call(
        "post",
        "/echanges",
        token=token,
        data={
            "type": "question",
            "etablissement": api_world.establishment.pk,
            "objet": "Délai de livraison",
            "texte": "Quel est le délai ?",
            "marche": api_world.contract.pk,
            "pieces_jointes": [_pdf("a.pdf"), _pdf("b.pdf")],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["objet"] == "Délai de livraison" and body["marche_id"] == api_world.contract.pk
    files = body["fil"][0]["pieces_jointes"]
    assert [f["nom"] for f in files] == ["a.pdf", "b.pdf"]
    download = call("get", files[0]["url"].split("/api/espace/v1")[1], token=token)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "no-store" in download["Cache-Control"]


def test_a_refused_attachment_saves_nothing_and_says_why(api_world, call):
    before = Exchange.objects.count()
    response = call(
        "post",
        "/echanges",
        token=api_world.tokens["user"],
        data={
            "type": "question",
            "etablissement": api_world.establishment.pk,
            "objet": "Virus",
            "texte": "Voici",
            "pieces_jointes": [SimpleUploadedFile("outil.exe", b"MZ", "application/x-msdos")],
        },
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["errors"][0]["champ"] == "attachments"
    assert "ce type de fichier n'est pas accepté" in problem["errors"][0]["message"]
    assert Exchange.objects.count() == before
    assert not ExchangeAttachment.objects.exclude(pk=api_world.attachment.pk).exists()


def test_a_contract_of_another_establishment_is_refused(api_world, call):
    from tests.factories.membership import ContractFactory

    foreign = ContractFactory(establishment=api_world.other)
    response = call(
        "post",
        "/echanges",
        token=api_world.tokens["user"],
        data={
            "type": "question",
            "etablissement": api_world.establishment.pk,
            "objet": "Autre",
            "texte": "?",
            "marche": foreign.pk,
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["champ"] == "contract"


def test_reply_reopens_and_close_ends_the_thread(api_world, call):
    token = api_world.tokens["user"]
    exchange = api_world.exchange
    exchange.status = ExchangeStatus.ANSWERED
    exchange.save(update_fields=["status"])
    reply = call("post", f"/echanges/{exchange.pk}/messages", token=token, data={"texte": "Et ?"})
    assert reply.status_code == 201 and reply.json()["statut"] == ExchangeStatus.OPEN
    assert len(reply.json()["fil"]) == 2
    closed = call("post", f"/echanges/{exchange.pk}/cloture", token=token)
    assert closed.status_code == 200 and closed.json()["statut"] == ExchangeStatus.CLOSED
    assert closed.json()["peut_repondre"] is False
    late = call("post", f"/echanges/{exchange.pk}/messages", token=token, data={"texte": "!"})
    assert late.status_code == 409
    assert "clos" in late.json()["detail"]
    assert call("post", f"/echanges/{exchange.pk}/cloture", token=token).status_code == 409


def test_reading_a_thread_marks_it_read(api_world, call):
    token = api_world.tokens["admin"]
    assert call("get", "/echanges", token=token).json()["items"][0]["non_lu"] is True
    call("get", f"/echanges/{api_world.exchange.pk}", token=token)
    assert call("get", "/echanges", token=token).json()["items"][0]["non_lu"] is False


def test_notifications_unread_count_and_marking_read(api_world, call):
    token = api_world.tokens["user"]
    assert call("get", "/notifications/non-lues", token=token).json() == {"non_lues": 1}
    assert call("get", "/notifications?non_lues=true", token=token).json()["count"] == 1
    marked = call("post", f"/notifications/{api_world.notification.pk}/lue", token=token)
    assert marked.json() == {"marquees": 1}
    assert call("get", "/notifications/non-lues", token=token).json() == {"non_lues": 0}
    assert call("get", "/notifications?non_lues=true", token=token).json()["count"] == 0


def test_subscriptions_add_email_off_and_remove(api_world, call):
    token = api_world.tokens["admin"]
    json = {"content_type": "application/json"}
    added = call("post", "/abonnements", token=token, data={"offre": api_world.offer.pk}, **json)
    assert added.status_code == 201 and added.json()["email"] is True
    again = call("post", "/abonnements", token=token, data={"offre": api_world.offer.pk}, **json)
    assert again.status_code == 201
    assert Subscription.objects.filter(user=api_world.admin).count() == 1
    off = call(
        "patch", f"/abonnements/{api_world.offer.pk}", token=token, data={"email": False}, **json
    )
    assert off.json()["email"] is False
    assert not Subscription.objects.get(user=api_world.admin).email_enabled
    assert call("delete", f"/abonnements/{api_world.offer.pk}", token=token).status_code == 204
    assert not Subscription.objects.filter(user=api_world.admin).exists()
    missing = call("post", "/abonnements", token=token, data={"offre": 999999}, **json)
    assert missing.status_code == 404
    assert "n'existe pas" in missing.json()["detail"]


def test_an_administrator_accepts_a_request_with_a_role(api_world, call):
    affiliation = api_world.affiliation(api_world.pending)
    response = call(
        "post",
        f"/etablissements/{api_world.establishment.pk}/demandes/{affiliation.pk}/validation",
        token=api_world.tokens["admin"],
        data={"role": "administrateur"},
        content_type="application/json",
    )
    assert response.status_code == 200
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.ACTIVE and affiliation.role == Role.ADMIN
    entry = AuditLogEntry.objects.get(action=AuditAction.VALIDATED, subject=api_world.pending)
    assert entry.details["via"] == "api"
    assert OutboxEmail.objects.filter(key__startswith="validation-accepted:").count() == 1
    again = call(
        "post",
        f"/etablissements/{api_world.establishment.pk}/demandes/{affiliation.pk}/validation",
        token=api_world.tokens["admin"],
        data={},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "Cette demande a déjà été traitée."


def test_an_administrator_refuses_a_request_with_a_reason(api_world, call):
    affiliation = api_world.affiliation(api_world.pending)
    response = call(
        "post",
        f"/etablissements/{api_world.establishment.pk}/demandes/{affiliation.pk}/refus",
        token=api_world.tokens["admin"],
        data={"motif": "Inconnu du service achats."},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["statut"] == AffiliationStatus.REFUSED
    affiliation.refresh_from_db()
    assert affiliation.reason == "Inconnu du service achats."


def test_rights_by_family_are_saved_and_the_last_admin_is_kept(api_world, call):
    token = api_world.tokens["admin"]
    url = f"/etablissements/utilisateurs/{api_world.user.pk}/droits"
    json = {"content_type": "application/json"}
    saved = call(
        "put",
        url,
        token=token,
        data={"documents_de_marche": ["biomedical"], "droits_adhesion": ["batiment-energie"]},
        **json,
    )
    assert saved.status_code == 200
    row = saved.json()["rattachements"][0]
    assert row["documents_de_marche"] == ["biomedical"]
    assert row["droits_adhesion"] == ["batiment-energie"]
    assert FamilyRight.objects.filter(affiliation__user=api_world.user).count() == 2
    unknown = call("put", url, token=token, data={"documents_de_marche": ["inconnue"]}, **json)
    assert unknown.status_code == 400 and "inconnue" in unknown.json()["detail"]
    last_admin = call(
        "put",
        f"/etablissements/utilisateurs/{api_world.admin.pk}/droits",
        token=token,
        data={"roles": {str(api_world.establishment.pk): "utilisateur"}},
        **json,
    )
    assert last_admin.status_code == 409
    assert "n'aurait plus d'administrateur" in last_admin.json()["detail"]


def test_a_convention_is_deposited_with_its_zip_and_its_status_read(api_world, call):
    offer = api_world.deposit_offer
    token = api_world.tokens["admin"]
    response = call("post", "/depots", token=token, data=deposit_data(api_world, offer))
    assert response.status_code == 201, response.content
    deposit = ConventionDeposit.objects.exclude(pk=api_world.deposit.pk).get()
    assert deposit.archive.read().startswith(b"PK")
    status = call("get", f"/depots/{deposit.pk}", token=token).json()
    assert status["statut"] == "recu" and status["offre_id"] == offer.pk
    assert call("get", f"/depots/{deposit.pk}", token=api_world.tokens["user"]).status_code == 404


def test_a_deposit_with_a_bad_zip_saves_nothing(api_world, call):
    offer = api_world.deposit_offer
    bad = SimpleUploadedFile("convention.zip", b"pas un zip", content_type="application/zip")
    response = call(
        "post",
        "/depots",
        token=api_world.tokens["admin"],
        data=deposit_data(api_world, offer, archive=bad),
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["champ"] == "archive"
    assert "n'est pas une archive zip valide" in response.json()["errors"][0]["message"]
    assert not ConventionDeposit.objects.exclude(pk=api_world.deposit.pk).exists()


def test_a_user_without_rights_may_not_deposit(api_world, call):
    offer = api_world.deposit_offer
    response = call(
        "post", "/depots", token=api_world.tokens["user"], data=deposit_data(api_world, offer)
    )
    assert response.status_code == 403
    assert not ConventionDeposit.objects.exclude(pk=api_world.deposit.pk).exists()


def test_contracts_filter_like_the_page(api_world, call):
    from tests.factories.membership import ContractFactory

    ContractFactory(
        establishment=api_world.establishment,
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2011, 1, 1),
        title="Ancien marché",
    )
    token = api_world.tokens["user"]
    assert call("get", "/marches", token=token).json()["count"] == 2
    ended = call("get", "/marches?statut=termine", token=token).json()
    assert [c["intitule"] for c in ended["items"]] == ["Ancien marché"]
    by_family = call("get", "/marches?famille=biomedical", token=token).json()
    assert [c["id"] for c in by_family["items"]] == [api_world.contract.pk]
    assert call("get", "/marches?q=Ancien", token=token).json()["count"] == 1
    page = call("get", "/marches?limit=1&offset=1", token=token).json()
    assert page["count"] == 2 and len(page["items"]) == 1
