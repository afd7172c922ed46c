"""The admin's tools: upload of an ERP file and its result page, the error report download,
*Générer maintenant*, the schedule staff edit; each refused to whom lacks the permission."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from buyer_space.reports.choices import ImportStatus, ReportStatus
from buyer_space.reports.models import LedgerImport, LedgerLine, Report
from buyer_space.space.models import DataFile
from tests.buyer_space.reports.conftest import csv_bytes
from tests.buyer_space.reports.factories import LedgerLineFactory

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/reports/ledgerimport/create/"


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


@pytest.fixture
def staff(ledger, login):
    grant(ledger.world.staff, "add_ledgerimport", "view_ledgerimport", "add_report",
          "view_report", "change_periodictask", "view_periodictask")  # fmt: skip
    return login(ledger.world.staff)


def upload(client, content, name="grand-livre.csv"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content)})


def test_staff_upload_a_file_and_see_its_result(ledger, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            UPLOAD_URL,
            {"file": SimpleUploadedFile("grand-livre.csv", csv_bytes([ledger.line()]))},
        )
    ledger_import = LedgerImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/reports/ledgerimport/inspect/{ledger_import.pk}/"
    assert ledger_import.status == ImportStatus.DONE
    assert ledger_import.created_by == ledger.world.staff
    page = staff.get(response["Location"]).content.decode()
    assert "Importé" in page and "1 lignes importées" in page
    assert 'http-equiv="refresh"' not in page
    assert LedgerLine.objects.count() == 1


def test_a_rejected_upload_lists_its_lines_and_offers_the_error_report(
    ledger, staff, django_capture_on_commit_callbacks
):
    content = csv_bytes([ledger.line(montant_ht="douze"), ledger.line(numero_ligne="2")])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(staff, content)
    page = staff.get(response["Location"]).content.decode()
    assert "Rejeté (erreurs)" in page
    assert "Montant illisible" in page and "douze" in page
    ledger_import = LedgerImport.objects.get()
    report = staff.get(reverse("reports_ledger_import_errors", args=[ledger_import.pk]))
    assert report.status_code == 200
    assert "no-store" in report["Cache-Control"]
    assert "Montant illisible" in b"".join(report.streaming_content).decode("utf-8-sig")
    assert LedgerLine.objects.count() == 0


def test_a_running_import_shows_its_progress_and_refreshes(ledger, staff):
    ledger_import = LedgerImport.objects.create(source_name="x.csv", status=ImportStatus.RUNNING)
    page = staff.get(f"/admin/reports/ledgerimport/inspect/{ledger_import.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and "En cours" in page


def test_an_upload_that_is_not_csv_nor_xlsx_is_refused_by_the_form(ledger, staff):
    response = upload(staff, b"%PDF-1.4", name="rapport.pdf")
    assert response.status_code == 200
    assert LedgerImport.objects.count() == 0
    assert "rapport.pdf" not in str(LedgerImport.objects.all())


@pytest.mark.parametrize("profile", ["admin", "user", "ght_admin"])
def test_buyers_cannot_reach_the_tools(ledger, login, profile):
    client = login(getattr(ledger.world, profile))
    for url in (UPLOAD_URL, reverse("reports_generate_now"), "/admin/reports/report/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_staff_without_the_permissions_are_refused(ledger, login):
    client = login(ledger.world.staff)
    assert client.get(reverse("reports_generate_now")).status_code == 404
    assert client.post(reverse("reports_generate_now"), {"kind": "x"}).status_code == 404
    assert client.get(UPLOAD_URL).status_code == 302  # modeladmin sends him to the dashboard


def test_generate_now_builds_the_period(ledger, staff, django_capture_on_commit_callbacks):
    LedgerLineFactory(establishment=ledger.world.establishment)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("reports_generate_now"),
            {"kind": "mensuel-intermediaire", "day": "15/01/2024"},
            follow=True,
        )
    assert "2 rapport(s) à construire du 01/01/2024 au 31/01/2024" in response.content.decode()
    assert set(Report.objects.values_list("status", flat=True)) == {ReportStatus.READY}
    assert DataFile.objects.count() == 2  # CH DE TEST and its GHT


@pytest.mark.parametrize("day", ["", "31/02/2024", "01/01/2999"])
def test_generate_now_refuses_a_bad_date_with_a_message(ledger, staff, day):
    response = staff.post(
        reverse("reports_generate_now"), {"kind": "mensuel-intermediaire", "day": day}
    )
    assert response.status_code == 200
    assert Report.objects.count() == 0


def test_staff_change_the_schedule(ledger, staff):
    task = PeriodicTask.objects.get(name="Rapports mensuels (intermédiaire)")
    page = staff.get("/admin/django_celery_beat/periodictask/")
    assert page.status_code == 200
    assert "Gains achats semestriels" in page.content.decode()
    assert "notifications-daily-digest" not in page.content.decode()
    url = f"/admin/django_celery_beat/periodictask/edit/{task.pk}/"
    data = {"enabled": "on", "minute": "15", "hour": "5", "day_of_month": "2",
            "month_of_year": "*", "day_of_week": "*"}  # fmt: skip
    response = staff.post(url, data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_month) == ("15", "5", "2")
    response = staff.post(url, {**data, "hour": "25"})
    assert response.status_code == 200
    assert "pas valide" in response.content.decode()


def test_a_hand_made_ght_data_file_belongs_to_the_groups_support(ledger, login):
    world = ledger.world
    world.staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="space", codename__endswith="datafile")
    )
    client = login(world.staff)

    def post(establishment):
        return client.post(
            "/admin/space/datafile/create/",
            {
                "establishment": establishment.pk,
                "group": world.support.supported_group.pk,
                "kind": "mensuel-intermediaire",
                "period_start": "2024-01-01",
                "period_end": "2024-01-31",
                "file": SimpleUploadedFile("ght.xlsx", b"PK\x03\x04 rapport"),
            },
        )

    refused = post(world.establishment)
    assert refused.status_code == 200
    assert "établissement support de ce GHT" in refused.content.decode()
    assert post(world.support).status_code == 302
    assert DataFile.objects.get().group == world.support.supported_group
