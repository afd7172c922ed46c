"""The fan-out of an offer's changes to its subscribers, on a worker."""

from celery import shared_task
from django.db import DatabaseError
from django.dispatch import receiver

from buyer_space.notifications import digests
from buyer_space.notifications import services as notifications
from espace_site.celery import enqueue_or_log, retry_delay


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
    try:
        notifications.fan_out(offer_info, changes)
    except DatabaseError as exc:
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc


@receiver(notifications.changes_committed, dispatch_uid="notifications.fan_out_on_worker")
def fan_out_on_worker(sender, offer_info, changes, **kwargs):
    return enqueue_or_log(fan_out_offer_changes, offer_info, changes)


@shared_task(acks_late=True, ignore_result=True)
def send_digests(frequency):
    """The daily or weekly digest of the followed offers' changes (beat, see ``conf.py``)."""
    return digests.send_digests(frequency)
