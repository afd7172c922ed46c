"""The privacy retention tasks (Celery beat, daily)."""

from celery import shared_task
from django.conf import settings

from buyer_space.audit import services as audit


@shared_task(ignore_result=True)
def apply_retention():
    """Old audit entries anonymised, old login records (django-axes) deleted."""
    return {
        "audit_entries_anonymised": audit.anonymise_older_than(settings.AUDIT_RETENTION_DAYS),
        "login_records_deleted": audit.purge_login_records(settings.LOGIN_RECORDS_RETENTION_DAYS),
    }
