"""E-mails of the membership plugin, rendered from ``templates/membership/emails/``."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from ..choices import EntityRequestStatus
from ..models import EntityRequest
from .entity_requests import requester_email


def render_email(template_prefix, context):
    subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
    body = render_to_string(f"{template_prefix}_body.txt", context)
    return " ".join(subject.splitlines()), body


def send_entity_request_refused_email(entity_request_id):
    """Tell the requester why his request was refused; nothing if it no longer is (or exists)."""
    entity_request = (
        EntityRequest.objects.select_related("requester")
        .filter(pk=entity_request_id, status=EntityRequestStatus.REFUSED)
        .first()
    )
    if entity_request is None:
        return False
    context = {
        "entity_request": entity_request,
        "requester": entity_request.requester,
        "reason": entity_request.refusal_reason,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject, body = render_email("membership/emails/entity_request_refused", context)
    EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [requester_email(entity_request)]
    ).send()
    return True
