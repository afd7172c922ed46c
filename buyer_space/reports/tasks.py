"""Thin Celery tasks over the reports' and the ledger's services."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from buyer_space.reports.services import importer, reports
from buyer_space.reports.services.periods import previous_period


@shared_task(acks_late=True)
def import_ledger_file(import_id):
    importer.run_import(import_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def build_report(report_id):
    reports.build_report(report_id)


@shared_task
def build_periodic_reports(kind, day=None):
    """The beat's entry: the reports of the last whole period of ``kind`` before today (or
    ``day``, ISO format), each handed to a worker."""
    day = timezone.localdate() if day is None else timezone.datetime.fromisoformat(day).date()
    start, end = previous_period(kind, day)
    enqueue_reports(kind, start, end)


def enqueue_reports(kind, start, end):
    with transaction.atomic():
        report_ids = reports.due_reports(kind, start, end)
        transaction.on_commit(lambda: [build_report.delay(pk) for pk in report_ids])
    return report_ids
