"""Celery application: tasks are autodiscovered in every installed app's ``tasks`` module.

Also the retry policy shared by the tasks that send e-mail (both plugins use it): which SMTP
errors are worth retrying, and the delay before the next attempt.
"""

import logging
import os
import random
import smtplib

import kombu.exceptions
import redis.exceptions
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "espace_site.settings.dev")

app = Celery("espace_acheteur")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

#: What ``apply_async`` raises when the broker cannot be reached.
BROKER_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 60 * 60


def is_temporary_email_error(exc):
    """True for an error worth retrying: the server is away or busy (disconnected, connection
    refused or timed out, 4xx answers). False for a permanent refusal (5xx, recipients or sender
    refused by code 5xx, every recipient refused): the same message would be refused again."""
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPException):
        return False  # e.g. no authentication method the server supports: will not heal alone
    return isinstance(exc, OSError)  # socket errors: refused, reset, timed out, DNS


def retry_delay(retries, base=RETRY_BASE_SECONDS, cap=RETRY_MAX_SECONDS):
    """Exponential backoff with full jitter: a random delay in [base, base·2^retries], capped."""
    ceiling = min(cap, base * 2**retries)
    return random.uniform(base, max(base, ceiling))  # noqa: S311 (not cryptographic)


def enqueue_or_log(task, *args):
    """``task.apply_async(args)``; with the broker down, log and return False instead of failing
    the request that queued it (called from ``transaction.on_commit``)."""
    try:
        task.apply_async(args, retry=False)
    except BROKER_ERRORS as exc:
        logger.warning("Broker unavailable, %s%r not enqueued: %s", task.name, args, exc)
        return False
    return True
