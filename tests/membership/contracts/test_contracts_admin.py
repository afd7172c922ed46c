"""The staff's contract screens in the Wagtail admin: list, filters, search, export, the
subsequent contracts and documents of one contract, and private uploads."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from membership.contracts.admin_views import CONTRACT_DOCUMENT_DOWNLOAD_URL_NAME
from membership.contracts.choices import ContractOrigin
from membership.contracts.models import Contract, ContractDocument
from tests.factories.membership import (
    ContractDocumentFactory,
    ContractFactory,
    SubsequentContractFactory,
)
from tests.membership.contracts.test_contracts_permissions import grant_contract_rights

pytestmark = pytest.mark.django_db

CONTRACTS_URL = "/admin/contracts/contract/"
DOCUMENTS_URL = "/admin/contracts/contractdocument/"
SUBSEQUENTS_URL = "/admin/contracts/subsequentcontract/"


@pytest.fixture
def staff_client(world, login):
    grant_contract_rights(world.staff)
    return login(world.staff)


def test_the_contract_list_shows_its_columns_and_filters(world, staff_client):
    ContractFactory(
        establishment=world.establishment,
        number="2024-R087",
        title="Échographes",
        origin=ContractOrigin.SUBSEQUENT,
        family=world.families[0],
    )
    ContractFactory(establishment=world.other, number="2024-V001", family=world.families[1])

    response = staff_client.get(CONTRACTS_URL)
    content = response.content.decode()

    assert response.status_code == 200
    assert "2024-R087" in content and "2024-V001" in content
    assert "Marché subséquent notifié" in content
    for heading in ("Numéro de marché", "Intitulé", "Établissement", "Offre", "Origine"):
        assert heading in content
    assert "Marchés subséquents" in content and "Documents" in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"origin__exact": "marche-subsequent"}, {"2024-R087"}),
        ({"q": "R087"}, {"2024-R087"}),
        ({"q": "CH VOISIN"}, {"2024-V001"}),
    ],
)
def test_contract_filters_and_search(world, staff_client, params, expected):
    ContractFactory(
        establishment=world.establishment, number="2024-R087", origin=ContractOrigin.SUBSEQUENT
    )
    ContractFactory(establishment=world.other, number="2024-V001")

    response = staff_client.get(CONTRACTS_URL, params)

    assert {c.number for c in response.context["object_list"]} == expected


def test_the_family_and_establishment_filters(world, staff_client):
    ContractFactory(establishment=world.establishment, number="A", family=world.families[0])
    ContractFactory(establishment=world.other, number="B", family=world.families[1])

    by_family = staff_client.get(CONTRACTS_URL, {"family__id__exact": world.families[1].pk})
    by_establishment = staff_client.get(
        CONTRACTS_URL, {"establishment__id__exact": world.establishment.pk}
    )

    assert [c.number for c in by_family.context["object_list"]] == ["B"]
    assert [c.number for c in by_establishment.context["object_list"]] == ["A"]


@pytest.mark.parametrize(
    "params", [{"family__id__exact": "abc"}, {"origin__exact": "x" * 300}, {"bidon": "1"}]
)
def test_garbage_admin_filters_do_not_fail(world, staff_client, params):
    ContractFactory(establishment=world.establishment)

    response = staff_client.get(CONTRACTS_URL, params, follow=True)

    assert response.status_code == 200


def test_the_contracts_export_in_csv(world, staff_client):
    ContractFactory(establishment=world.establishment, number="=2024-R087", title="Échographes")

    response = staff_client.get(CONTRACTS_URL, {"export": "csv"})
    content = b"".join(response.streaming_content).decode()

    assert response.status_code == 200
    assert "Numéro de marché" in content.splitlines()[0]
    assert "'=2024-R087" in content  # a spreadsheet does not run it as a formula
    assert "Convention validée" in content


def test_documents_and_subsequent_contracts_of_one_contract(world, staff_client):
    contract = ContractFactory(establishment=world.establishment, number="M-1")
    other = ContractFactory(establishment=world.other, number="M-2")
    mine = ContractDocumentFactory(contract=contract, title="Pièce M-1")
    ContractDocumentFactory(contract=other, title="Pièce M-2")
    SubsequentContractFactory(contract=contract, reference="MS-1")
    SubsequentContractFactory(contract=other, reference="MS-2")

    documents = staff_client.get(DOCUMENTS_URL, {"marche": contract.pk})
    subsequents = staff_client.get(SUBSEQUENTS_URL, {"marche": contract.pk})

    assert [d.title for d in documents.context["object_list"]] == ["Pièce M-1"]
    assert [s.reference for s in subsequents.context["object_list"]] == ["MS-1"]
    content = documents.content.decode()
    assert reverse(CONTRACT_DOCUMENT_DOWNLOAD_URL_NAME, args=[mine.pk]) in content
    assert "/media/" not in content and mine.file.name not in content


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "987654"])
def test_a_bad_contract_filter_is_ignored(world, staff_client, value):
    ContractDocumentFactory(contract=ContractFactory(establishment=world.establishment))

    response = staff_client.get(DOCUMENTS_URL, {"marche": value})

    assert response.status_code == 200
    assert len(response.context["object_list"]) == 1


def test_an_uploaded_document_goes_to_the_private_storage(world, staff_client, settings):
    contract = ContractFactory(establishment=world.establishment)
    subsequent = SubsequentContractFactory(contract=contract)

    form = staff_client.get(f"{DOCUMENTS_URL}create/", {"marche": contract.pk})
    response = staff_client.post(
        f"{DOCUMENTS_URL}create/",
        {
            "contract": contract.pk,
            "subsequent_contract": subsequent.pk,
            "title": "Notification",
            "file": SimpleUploadedFile("notification.pdf", b"%PDF-1.4 notification"),
        },
    )

    assert form.context["form"].initial["contract"] == contract.pk
    assert response.status_code == 302, response.context["form"].errors
    document = ContractDocument.objects.get(title="Notification")
    assert document.subsequent_contract == subsequent
    with document.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 notification"
    # The field's storage was built at start-up from STORAGES["private"]: not the media folder.
    stored = Path(document.file.path)
    assert stored.parent.parent.parent.parent.name == "private"  # private/contracts/YYYY/MM/
    assert not stored.is_relative_to(settings.MEDIA_ROOT)

    edit = staff_client.get(f"{DOCUMENTS_URL}edit/{document.pk}/").content.decode()
    assert reverse(CONTRACT_DOCUMENT_DOWNLOAD_URL_NAME, args=[document.pk]) in edit
    assert f"/media/{document.file.name}" not in edit


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("script.exe", b"MZ"),
            "n’est pas autorisée. Les extensions autorisées",
        ),
        (SimpleUploadedFile("vide.pdf", b""), "Le fichier soumis est vide."),
    ],
)
def test_bad_uploads_are_refused_in_french(world, staff_client, upload, message):
    contract = ContractFactory(establishment=world.establishment)

    response = staff_client.post(
        f"{DOCUMENTS_URL}create/", {"contract": contract.pk, "title": "Pièce", "file": upload}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert not ContractDocument.objects.exists()


def test_a_too_large_upload_is_refused(world, staff_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024 * 1024
    contract = ContractFactory(establishment=world.establishment)

    response = staff_client.post(
        f"{DOCUMENTS_URL}create/",
        {
            "contract": contract.pk,
            "title": "Pièce",
            "file": SimpleUploadedFile("gros.pdf", b"0" * (1024 * 1024 + 1)),
        },
    )

    assert response.context["form"].errors["file"] == [
        "Ce fichier dépasse la taille maximale autorisée (1 Mo)."
    ]
    assert not ContractDocument.objects.exists()


def test_a_subsequent_contract_of_another_contract_is_refused(world, staff_client):
    contract = ContractFactory(establishment=world.establishment)
    foreign = SubsequentContractFactory(contract=ContractFactory(establishment=world.other))

    response = staff_client.post(
        f"{DOCUMENTS_URL}create/",
        {
            "contract": contract.pk,
            "subsequent_contract": foreign.pk,
            "title": "Pièce",
            "file": SimpleUploadedFile("piece.pdf", b"%PDF-1.4"),
        },
    )

    assert response.status_code == 200
    assert "Ce marché subséquent relève d&#x27;un autre marché." in response.content.decode()
    assert not ContractDocument.objects.exists()


def test_creating_a_contract_checks_its_dates_and_takes_the_offers_family(
    world, staff_client, page_tree
):
    from tests.factories.catalogue import OfferPageFactory

    offer = OfferPageFactory(parent=page_tree["catalogue"], family=world.families[2])
    data = {
        "establishment": world.establishment.pk,
        "offer": offer.pk,
        "family": "",
        "number": "2025-R001",
        "title": "Nouveau marché",
        "origin": ContractOrigin.CONVENTION,
        "start_date": "2025-03-01",
        "end_date": "2025-02-01",
    }

    refused = staff_client.post(f"{CONTRACTS_URL}create/", data)
    accepted = staff_client.post(f"{CONTRACTS_URL}create/", {**data, "end_date": "2027-02-28"})
    missing = staff_client.post(f"{CONTRACTS_URL}create/", {**data, "number": ""})

    assert "La fin du marché ne peut précéder son début." in refused.content.decode()
    assert accepted.status_code == 302
    contract = Contract.objects.get()
    assert contract.family == world.families[2]
    assert contract.end_date == datetime.date(2027, 2, 28)
    assert "Champ requis." in missing.content.decode()
