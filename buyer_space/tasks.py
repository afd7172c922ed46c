"""Celery tasks of the buyer space: thin wrappers around :mod:`buyer_space.services.outbox`."""

from celery import shared_task

from espace_site.celery import retry_delay

from .services import outbox


@shared_task(
    bind=True,
    acks_late=True,
    # Safe: a task redelivered after its worker died finds the row claimed (or sent) and stops.
    reject_on_worker_lost=True,
    max_retries=outbox.MAX_ATTEMPTS,
    ignore_result=True,
)
def send_outbox_email(self, outbox_id):
    """Send one outbox row; temporary SMTP errors retry with exponential backoff and jitter."""
    try:
        return outbox.deliver(outbox_id)
    except outbox.TemporaryFailure as exc:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            return "left-to-the-drain"
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc


@shared_task(ignore_result=True)
def drain_outbox():
    """Celery beat, every minute: send the rows nobody sent (broker down, lost worker)."""
    return outbox.drain()


@shared_task(
    bind=True,
    acks_late=True,
    # Safe: the fan-out is idempotent (notifications and e-mails are unique per change key).
    reject_on_worker_lost=True,
    max_retries=5,
    ignore_result=True,
)
def fan_out_offer_changes(self, offer_info, changes):
    """Notify every subscriber of an offer of its published changes (see services.notifications)."""
    from django.db import DatabaseError

    from .services import notifications

    try:
        notifications.fan_out(offer_info, changes)
    except DatabaseError as exc:
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc
