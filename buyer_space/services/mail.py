"""E-mails of the buyer space: rendered from templates, sent through the outbox.

``templates/<prefix>_subject.txt`` and ``<prefix>_body.txt`` (French) make the message; the
context is stored as JSON with the row, so it holds plain values, not model instances.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from . import outbox


def render_email(template_prefix, context):
    """``templates/<prefix>_subject.txt`` and ``<prefix>_body.txt`` rendered with ``context``."""
    subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
    body = render_to_string(f"{template_prefix}_body.txt", context)
    return " ".join(subject.splitlines()), body


def send_now(to, template_prefix, context):
    subject, body = render_email(template_prefix, context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, list(to))
    message.send()


def enqueue_email(to, template_prefix, context, key=None):
    """Queue the e-mail in the caller's transaction; it is sent once the transaction commits.

    ``key`` names the effect (e.g. ``f"validation:{affiliation.pk}:{nonce}:{admin.pk}"``): a
    second call with the same key does nothing. Without a key every call queues one e-mail.
    Returns the :class:`~buyer_space.models.OutboxEmail` row, or ``None`` for a known key.
    """
    return outbox.enqueue(to, template_prefix, context, key=key)
