"""The staff lists that export as CSV and xlsx: GHT, other documents, data files, audit log;
headers in French, values as people read them, and only for whom may see the list."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from buyer_space.audit import services as audit
from buyer_space.audit.choices import AuditAction
from tests.factories.buyer_space import DataFileFactory, OtherDocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


def exported_rows(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def chief(client):
    client.force_login(UserFactory(email="chef@centrale.example", is_staff=True, is_superuser=True))
    return client


def test_the_ght_list_exports_its_name_support_and_member_count(chief, world):
    rows = exported_rows(
        chief.get(reverse("establishments_establishmentgroup_modeladmin_index") + "?export=csv")
    )

    assert rows[0][0] == "Nom du GHT" and rows[0][2] == "Établissements"
    ght = next(row for row in rows if row[0] == "GHT de test")
    assert ght[1].startswith("CHU SUPPORT") and ght[2] == "2"


def test_the_other_documents_export_names_the_recipient(chief, world):
    OtherDocumentFactory(title="Convention d'adhésion 2025", establishment=None)

    rows = exported_rows(chief.get(reverse("space_otherdocument_modeladmin_index") + "?export=csv"))

    assert rows[0][0] == "Titre"
    assert rows[1][0] == "Convention d'adhésion 2025"
    assert rows[1][2] == "Tous les établissements adhérents"


def test_the_data_files_export_as_xlsx(chief, world):
    DataFileFactory(establishment=world.establishment)

    response = chief.get(reverse("space_datafile_modeladmin_index") + "?export=xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = [cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]]
    assert header[:2] == ["Établissement", "Type de rapport"]
    assert row[0] == str(world.establishment)


def test_the_audit_log_exports_its_entries_with_their_labels(chief, world):
    audit.record(AuditAction.REGISTERED, actor=None, subject=world.user, note="=1+2")

    rows = exported_rows(chief.get(reverse("audit_auditlogentry_modeladmin_index") + "?export=csv"))

    assert rows[0][:3] == ["Date", "Action", "Auteur"]
    assert [row[1] for row in rows[1:]] == ["Inscription"]


@pytest.mark.parametrize(
    "url_name",
    [
        "establishments_establishmentgroup_modeladmin_index",
        "space_otherdocument_modeladmin_index",
        "space_datafile_modeladmin_index",
        "audit_auditlogentry_modeladmin_index",
    ],
)
def test_a_buyer_gets_no_export(client, world, url_name):
    client.force_login(world.admin)

    response = client.get(reverse(url_name) + "?export=csv")

    assert response.status_code in (302, 403)
