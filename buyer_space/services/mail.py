"""E-mails of the buyer space: rendered from templates, sent by a Celery task after commit."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def render_email(template_prefix, context):
    """``templates/<prefix>_subject.txt`` and ``<prefix>_body.txt`` rendered with ``context``."""
    subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
    body = render_to_string(f"{template_prefix}_body.txt", context)
    return " ".join(subject.splitlines()), body


def send_now(to, template_prefix, context):
    subject, body = render_email(template_prefix, context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
    message.send()


def enqueue_email(to, template_prefix, context):
    """Send once the current transaction commits; ``context`` must be JSON-serialisable."""
    from ..tasks import send_templated_email

    recipients = [to] if isinstance(to, str) else list(to)
    transaction.on_commit(lambda: send_templated_email.delay(recipients, template_prefix, context))
