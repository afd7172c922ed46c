"""Celery tasks of the membership plugin.

The refusal e-mail follows the retry policy of the buyer space's outbox (``espace_site.celery``):
temporary SMTP errors retry with exponential backoff and jitter, permanent ones are logged and
not retried. Membership cannot use the buyer space's outbox (the plugins stay independent), so
the task is only enqueued on commit, through ``enqueue_or_log``: with the broker down the
refusal is saved and shown, the e-mail is logged as not enqueued.
"""

import logging
import smtplib

from celery import shared_task

from espace_site.celery import is_temporary_email_error, retry_delay
from membership.establishments.services import mail

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    # Not rejected (requeued) when the worker dies: nothing records that the e-mail went, so a
    # requeued task could send it twice.
    reject_on_worker_lost=False,
    max_retries=8,
    ignore_result=True,
)
def send_entity_request_refused_email(self, entity_request_id):
    try:
        return mail.send_entity_request_refused_email(entity_request_id)
    except (smtplib.SMTPException, OSError) as exc:
        if is_temporary_email_error(exc) and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=retry_delay(self.request.retries)) from exc
        logger.error("Refusal e-mail of entity request %s not sent: %s", entity_request_id, exc)
        return False
