"""Who downloads the built reports, from one table: an establishment's admin his own, the GHT
support's admin every member's and the GHT's, a user, another establishment's admin or a
pending account nothing; the centre's staff from the admin."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from buyer_space.reports.choices import ReportScope
from buyer_space.reports.services import reports
from buyer_space.space.choices import DataFileKind
from buyer_space.space.views.documents import STAFF_DATA_FILE_URL_NAME
from tests.buyer_space.conftest import PROFILES
from tests.buyer_space.reports.factories import LedgerLineFactory

pytestmark = pytest.mark.django_db

JAN = (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))


@pytest.fixture
def built(ledger):
    world = ledger.world
    for establishment in (world.establishment, world.support, world.other):
        LedgerLineFactory(establishment=establishment)
    files = {}
    for name, establishment, scope in (
        ("mine", world.establishment, ReportScope.ESTABLISHMENT),
        ("support", world.support, ReportScope.ESTABLISHMENT),
        ("ght", world.support, ReportScope.GROUP),
        ("theirs", world.other, ReportScope.ESTABLISHMENT),
    ):
        report = reports.request_report(
            DataFileKind.MONTHLY_INTERMEDIARY, *JAN, scope, establishment.pk
        )
        files[name] = reports.build_report(report.pk).data_file
    world.staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="space", codename="view_datafile")
    )
    return files


# fmt: off
TABLE = {
    #          anonymous pending user other_admin admin ght_admin staff
    "mine":    ("login", 404, 404, 404, 200, 200, 404),
    "support": ("login", 404, 404, 404, 404, 200, 404),
    "ght":     ("login", 404, 404, 404, 404, 200, 404),
    "theirs":  ("login", 404, 404, 200, 404, 404, 404),
}
# fmt: on
CASES = [
    pytest.param(profile, name, expected, id=f"{profile}-{name}")
    for name, row in TABLE.items()
    for profile, expected in zip(PROFILES, row, strict=True)
]


@pytest.mark.parametrize(("profile", "name", "expected"), CASES)
def test_report_download_matrix(ledger, built, login, profile, name, expected):
    client = login(ledger.world.account(profile))
    response = client.get(reverse("buyer_space:data_file_download", args=[built[name].pk]))
    if expected == "login":
        assert response.status_code == 302
    else:
        assert response.status_code == expected
    if expected == 200:
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:2] == b"PK"


@pytest.mark.parametrize("name", ["mine", "ght", "theirs"])
def test_staff_download_the_reports_from_the_admin(ledger, built, login, name):
    client = login(ledger.world.staff)
    response = client.get(reverse(STAFF_DATA_FILE_URL_NAME, args=[built[name].pk]))
    assert response.status_code == 200


def test_the_data_files_page_lists_the_ght_report_for_the_support_admin(ledger, built, login):
    page = login(ledger.world.ght_admin).get(reverse("buyer_space:data_files")).content.decode()
    assert "GHT de test (tous les établissements du GHT)" in page
    for name in ("mine", "support", "ght"):
        assert f"/mon-espace/fichiers-de-donnees/{built[name].pk}/" in page
    assert f"/mon-espace/fichiers-de-donnees/{built['theirs'].pk}/" not in page


def test_the_data_files_page_lists_only_his_own_for_an_admin(ledger, built, login):
    page = login(ledger.world.admin).get(reverse("buyer_space:data_files")).content.decode()
    assert f"/mon-espace/fichiers-de-donnees/{built['mine'].pk}/" in page
    for other in ("support", "ght", "theirs"):
        assert f"/mon-espace/fichiers-de-donnees/{built[other].pk}/" not in page


def test_a_user_never_sees_the_data_files_page(ledger, built, login):
    assert login(ledger.world.user).get(reverse("buyer_space:data_files")).status_code == 404
