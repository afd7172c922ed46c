"""E-mails of the membership plugin, rendered from ``templates/establishments/emails/``."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from membership.establishments.choices import EntityRequestStatus
from membership.establishments.models import EntityRequest
from membership.establishments.services.entity_requests import requester_email


def render_email(template_prefix, context):
    subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
    body = render_to_string(f"{template_prefix}_body.txt", context)
    return " ".join(subject.splitlines()), body


REFUSAL_TEMPLATE = "establishments/emails/entity_request_refused"


def refusal_email_context(entity_request):
    """What the refusal e-mail says, as plain values (an outbox stores them as JSON)."""
    return {
        "entity_request": {"name": entity_request.name, "siret": entity_request.siret},
        "requester": {"first_name": entity_request.requester.first_name},
        "reason": entity_request.refusal_reason,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def send_entity_request_refused_email(entity_request_id):
    """Tell the requester why his request was refused; nothing if it no longer is (or exists)."""
    entity_request = (
        EntityRequest.objects.select_related("requester")
        .filter(pk=entity_request_id, status=EntityRequestStatus.REFUSED)
        .first()
    )
    if entity_request is None:
        return False
    subject, body = render_email(REFUSAL_TEMPLATE, refusal_email_context(entity_request))
    EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [requester_email(entity_request)]
    ).send()
    return True
