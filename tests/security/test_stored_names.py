"""Uploaded files are stored under generated names; their own name is kept for display and for
the download's Content-Disposition (RFC 6266). Offer documents carry a real ETag or none."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from buyer_space.exchanges.choices import ExchangeKind
from buyer_space.exchanges.services import start_exchange
from membership.contracts.models import ContractDocument
from membership.deposits.services.deposits import create_deposit
from tests.factories import files
from tests.factories.buyer_space import AffiliationFactory
from tests.factories.catalogue import CatalogueDocumentFactory, PurchaseFamilyFactory
from tests.factories.membership import ContractFactory
from tests.membership.deposits.deposit_helpers import good_zip, make_offer

pytestmark = pytest.mark.django_db

CLIENT_NAME = "../../Compte rendu été 2024.pdf"
GENERATED = r"{folder}/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{ext}"


def test_an_attachment_is_stored_under_a_generated_name_and_downloaded_under_its_own(client):
    affiliation = AffiliationFactory()
    exchange = start_exchange(
        author=affiliation.user,
        establishment=affiliation.establishment,
        kind=ExchangeKind.QUESTION,
        subject="Question",
        body="Voici le compte rendu.",
        files=[SimpleUploadedFile(CLIENT_NAME, files.PDF)],
    )
    attachment = exchange.messages.get().attachments.get()

    assert re.fullmatch(GENERATED.format(folder="exchanges", ext="pdf"), attachment.file.name)
    assert attachment.name == "Compte rendu été 2024.pdf"
    client.force_login(affiliation.user)
    response = client.get(
        reverse("buyer_space:exchange_attachment", args=[exchange.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].lower() == (
        "attachment; filename*=utf-8''compte%20rendu%20%c3%a9t%c3%a9%202024.pdf"
    )


def test_two_attachments_of_the_same_name_do_not_share_a_file():
    affiliation = AffiliationFactory()
    exchange = start_exchange(
        author=affiliation.user,
        establishment=affiliation.establishment,
        kind=ExchangeKind.QUESTION,
        subject="Question",
        body="Deux fois le même nom.",
        files=[
            SimpleUploadedFile("devis.pdf", files.PDF),
            SimpleUploadedFile("devis.pdf", files.PDF),
        ],
    )
    stored = [a.file.name for a in exchange.messages.get().attachments.all()]
    assert len(set(stored)) == 2 and not any("devis" in name for name in stored)


def test_a_deposited_archive_is_stored_under_a_generated_name(catalogue_index):
    affiliation = AffiliationFactory()
    deposit = create_deposit(
        user=affiliation.user,
        offer=make_offer(catalogue_index, PurchaseFamilyFactory()),
        establishment=affiliation.establishment,
        data={
            "company_name": "CH de Test",
            "contract_number": "2023-R087",
            "email": "depot@ch-test.example",
            "phone": "01 23 45 67 89",
            "order_reference": "EJ-1",
            "chorus_service_code": "ACHATS",
        },
        archive=good_zip("Convention signée.zip"),
    )
    assert re.fullmatch(GENERATED.format(folder="conventions", ext="zip"), deposit.archive.name)
    assert deposit.archive_name == "Convention signée.zip"


def test_a_contract_document_keeps_its_name_for_the_download(client):
    staff = get_user_model().objects.create_superuser("agent", "agent@centrale.example", "x")
    client.force_login(staff)
    contract = ContractFactory()
    response = client.post(
        "/admin/contracts/contractdocument/create/",
        {
            "contract": contract.pk,
            "title": "Notification",
            "file": SimpleUploadedFile("Notification du marché.pdf", files.PDF),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    document = ContractDocument.objects.get(title="Notification")
    assert re.fullmatch(GENERATED.format(folder="contracts", ext="pdf"), document.file.name)
    download = client.get(reverse("contracts_contractdocument_download", args=[document.pk]))
    assert download["Content-Disposition"].lower() == (
        "attachment; filename*=utf-8''notification%20du%20march%c3%a9.pdf"
    )
    edit = client.get(f"/admin/contracts/contractdocument/edit/{document.pk}/")
    assert "Notification du marché.pdf" in edit.content.decode()


def test_an_offer_document_carries_a_real_etag(client):
    document = CatalogueDocumentFactory(title="Guide")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["ETag"] not in ('""', "")
    assert response["ETag"].strip('"') == document.file_hash
    # A conditional request with that ETag is answered 304, an empty one is not.
    assert client.get(document.url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(document.url, HTTP_IF_NONE_MATCH='""').status_code == 200
