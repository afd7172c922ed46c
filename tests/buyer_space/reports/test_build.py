"""A report is built once per (kind, period, scope), stored as a data file of *Fichiers de
données*, announced once to each admin (Mes notifications and an e-mail); two workers at once
on PostgreSQL still make one."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from buyer_space.notifications.choices import NotificationKind
from buyer_space.notifications.models import Notification
from buyer_space.reports.choices import ReportScope, ReportStatus
from buyer_space.reports.models import Report
from buyer_space.reports.services import reports
from buyer_space.reports.tasks import build_periodic_reports, enqueue_reports
from buyer_space.space.choices import DataFileKind
from buyer_space.space.models import DataFile
from espace_site.outbox.models import OutboxEmail
from tests.buyer_space.reports.factories import LedgerLineFactory

MONTHLY = DataFileKind.MONTHLY_INTERMEDIARY
JAN = datetime.date(2024, 1, 1)
JAN_END = datetime.date(2024, 1, 31)


@pytest.fixture
def lines(ledger):
    world = ledger.world
    LedgerLineFactory(establishment=world.establishment, offer=ledger.offer)
    LedgerLineFactory(establishment=world.support, amount_excl_tax=Decimal("3.00"))
    LedgerLineFactory(establishment=world.other)
    mail.outbox.clear()
    return ledger


def request(establishment, scope=ReportScope.ESTABLISHMENT):
    return reports.request_report(MONTHLY, JAN, JAN_END, scope, establishment.pk)


@pytest.mark.django_db
def test_a_report_is_built_once_and_stored_as_a_data_file(
    lines, django_capture_on_commit_callbacks
):
    report = request(lines.world.establishment)
    with django_capture_on_commit_callbacks(execute=True):
        built = reports.build_report(report.pk)
    assert built is not None
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.rows_written == 1
    data_file = DataFile.objects.get()
    assert report.data_file == data_file
    assert (data_file.establishment, data_file.kind) == (lines.world.establishment, MONTHLY)
    assert (data_file.period_start, data_file.period_end) == (JAN, JAN_END)
    assert data_file.group is None
    assert data_file.file.name.endswith(".xlsx")
    assert reports.build_report(report.pk) is None  # a retry or a redelivered task
    assert request(lines.world.establishment).pk == report.pk
    assert DataFile.objects.count() == 1


@pytest.mark.django_db
def test_each_admin_hears_of_a_new_report_once(lines, django_capture_on_commit_callbacks):
    world = lines.world
    report = request(world.establishment)
    with django_capture_on_commit_callbacks(execute=True):
        reports.build_report(report.pk)
    notification = Notification.objects.get()
    assert notification.user == world.admin
    assert notification.kind == NotificationKind.REPORT
    assert notification.link == reverse("buyer_space:data_files")
    assert "du 01/01/2024 au 31/01/2024 pour CH DE TEST" in notification.message
    assert notification.emailed_at is not None  # no digest sends it again
    assert [message.to for message in mail.outbox] == [[world.admin.email]]
    assert "Fichiers de données" in mail.outbox[0].body
    # The same report again (rebuilt after a failure, announced again): nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        reports.notify_admins(report)
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert OutboxEmail.objects.count() == 1


@pytest.mark.django_db
def test_the_ght_report_goes_to_the_support_admins(lines, django_capture_on_commit_callbacks):
    world = lines.world
    report = request(world.support, ReportScope.GROUP)
    with django_capture_on_commit_callbacks(execute=True):
        reports.build_report(report.pk)
    data_file = DataFile.objects.get()
    assert data_file.group == world.support.supported_group
    assert data_file.establishment == world.support
    assert report.__class__.objects.get().rows_written == 2  # support + CH DE TEST
    assert list(Notification.objects.values_list("user", flat=True)) == [world.ght_admin.pk]
    assert "pour le GHT GHT de test" in Notification.objects.get().message
    # The support's own report is another data file of the same period.
    with django_capture_on_commit_callbacks(execute=True):
        reports.build_report(request(world.support).pk)
    assert DataFile.objects.count() == 2


@pytest.mark.django_db
def test_the_monthly_run_builds_each_establishment_and_ght_once(
    lines, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build_periodic_reports(MONTHLY, "2024-02-01")
    assert set(Report.objects.values_list("scope", "establishment__name", "status")) == {
        (ReportScope.ESTABLISHMENT, "CH DE TEST", ReportStatus.READY),
        (ReportScope.ESTABLISHMENT, "CHU SUPPORT", ReportStatus.READY),
        (ReportScope.ESTABLISHMENT, "CH VOISIN", ReportStatus.READY),
        (ReportScope.GROUP, "CHU SUPPORT", ReportStatus.READY),
    }
    assert DataFile.objects.count() == 4
    notified = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        build_periodic_reports(MONTHLY, "2024-02-15")  # a second beat in the same month
        assert enqueue_reports(MONTHLY, JAN, JAN_END) == []
    assert DataFile.objects.count() == 4
    assert Notification.objects.count() == notified


@pytest.mark.django_db
def test_a_failed_build_is_recorded_and_can_be_retried(lines, monkeypatch):
    report = request(lines.world.establishment)

    def broken(*args, **kwargs):
        raise OSError("disque plein")

    monkeypatch.setattr(reports, "write_report", broken)
    with pytest.raises(OSError):
        reports.build_report(report.pk)
    report.refresh_from_db()
    assert (report.status, report.error) == (ReportStatus.FAILED, "disque plein")
    monkeypatch.undo()
    assert reports.build_report(report.pk) is not None
    assert DataFile.objects.count() == 1


@pytest.mark.django_db
def test_a_stale_claim_of_a_dead_worker_expires(lines):
    report = request(lines.world.establishment)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING,
        claim_token="dead",
        claimed_at=datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC),
    )
    assert reports.build_report(report.pk) is not None
    fresh = request(lines.world.other)
    Report.objects.filter(pk=fresh.pk).update(
        status=ReportStatus.RUNNING,
        claim_token="alive",
        claimed_at=datetime.datetime.now(datetime.UTC),
    )
    assert reports.build_report(fresh.pk) is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_build_one_report(lines):
    """Two threads (two connections) ask for and build the same report at the same moment."""
    assert connection.vendor == "postgresql"
    establishment_id = lines.world.establishment.pk
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            report = reports.request_report(
                MONTHLY, JAN, JAN_END, ReportScope.ESTABLISHMENT, establishment_id
            )
            barrier.wait()
            results.append(reports.build_report(report.pk))
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(result is not None for result in results) == 1
    assert Report.objects.count() == 1
    assert DataFile.objects.count() == 1
    assert Notification.objects.filter(user=lines.world.admin).count() == 1
    assert OutboxEmail.objects.filter(recipients__contains=[lines.world.admin.email]).count() == 1
