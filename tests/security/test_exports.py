"""No export of the admin carries a formula: every text cell starting with =, +, -, @, a tab or
a carriage return is prefixed with ' in the CSV and the xlsx files, Wagtail's snippet exports
(holders, correspondents…) as the modeladmin lists."""

import csv
import io

import pytest
from openpyxl import load_workbook
from wagtail.snippets.models import get_snippet_models

from catalogue.models import Holder
from espace_site.admin import FormulaSafeExportMixin
from help.models import RegionalCorrespondent
from tests.factories.membership import EstablishmentFactory

pytestmark = pytest.mark.django_db

HOLDER = {
    "name": "=1+2",
    "contact_name": "+33 1 23 45 67 89",
    "email": "contact@titulaire.example",
    "phone": "-1+1",
    "website": "",
    "address": "@SUM(A1:A2)",
}


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def holder_url(admin_client):
    Holder.objects.create(**HOLDER)
    Holder.objects.create(name="Titulaire sans piège", address="\tcmd|' /C calc'!A0")
    return "/admin/snippets/catalogue/holder/"


def test_the_holders_csv_export_neutralises_formulas(admin_client, holder_url):
    response = admin_client.get(holder_url, {"export": "csv"})
    assert response.status_code == 200
    rows = csv_rows(response)
    trapped = next(row for row in rows if "1+2" in row[0])
    assert trapped == [
        "'=1+2",
        "'+33 1 23 45 67 89",
        "contact@titulaire.example",
        "'-1+1",
        "",
        "'@SUM(A1:A2)",
    ]
    plain = next(row for row in rows if row[0] == "Titulaire sans piège")
    assert plain[-1] == "'\tcmd|' /C calc'!A0"


def test_the_holders_xlsx_export_neutralises_formulas(admin_client, holder_url):
    response = admin_client.get(holder_url, {"export": "xlsx"})
    assert response.status_code == 200
    rows = xlsx_rows(response)
    trapped = next(row for row in rows if "1+2" in (row[0] or ""))
    assert trapped[0] == "'=1+2"
    assert trapped[3] == "'-1+1"
    assert trapped[5] == "'@SUM(A1:A2)"


def test_the_correspondents_export_neutralises_formulas(admin_client):
    RegionalCorrespondent.objects.create(
        region="bre", name='=HYPERLINK("http://x")', email="c@x.example", phone="+33 2"
    )
    response = admin_client.get("/admin/snippets/help/regionalcorrespondent/", {"export": "csv"})
    row = csv_rows(response)[1]
    assert row[0] == '\'=HYPERLINK("http://x")' and row[3] == "'+33 2"


def test_the_establishments_xlsx_export_neutralises_formulas(admin_client):
    EstablishmentFactory(name='=HYPERLINK("http://x")', acronym="-1+1")
    response = admin_client.get("/admin/establishments/establishment/", {"export": "xlsx"})
    rows = xlsx_rows(response)
    assert any('\'=HYPERLINK("http://x")' in row for row in rows)
    assert any("'-1+1" in row for row in rows)


def test_every_snippet_export_is_guarded():
    """A snippet list that exports uses a view that neutralises formulas."""
    exporting = [model for model in get_snippet_models() if model.snippet_viewset.list_export]
    assert exporting
    for model in exporting:
        assert issubclass(model.snippet_viewset.index_view_class, FormulaSafeExportMixin), model
