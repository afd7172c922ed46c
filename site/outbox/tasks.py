"""The outbox's worker tasks: send one row, drain what is left (Celery beat)."""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver

from espace_site.celery import enqueue_or_log, retry_delay
from espace_site.outbox import services as outbox


@shared_task(
    bind=True,
    acks_late=True,
    # Safe: a task redelivered after its worker died finds the row claimed (or sent) and stops.
    reject_on_worker_lost=True,
    max_retries=outbox.MAX_ATTEMPTS,
    ignore_result=True,
)
def send_outbox_email(self, outbox_id):
    """Send one outbox row; temporary SMTP errors, and the database out of reach, retry with
    exponential backoff and jitter (the row is left to the drain once the retries are spent)."""
    try:
        return outbox.deliver(outbox_id)
    except (outbox.TemporaryFailure, OperationalError, InterfaceError) as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            return "left-to-the-drain"
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc


@shared_task(ignore_result=True)
def drain_outbox():
    """Celery beat, every minute: send the rows nobody sent (broker down, lost worker)."""
    return outbox.drain()


@receiver(outbox.email_committed, dispatch_uid="outbox.send_committed_email")
def send_committed_email(sender, outbox_id, **kwargs):
    """A committed row goes to a worker; with the broker down it waits for the drain."""
    enqueue_or_log(send_outbox_email, outbox_id)


@shared_task(ignore_result=True)
def purge_sent_emails():
    """Celery beat, daily: the rows sent more than ``OUTBOX_RETENTION_DAYS`` ago are deleted."""
    return outbox.purge_sent(settings.OUTBOX_RETENTION_DAYS)
