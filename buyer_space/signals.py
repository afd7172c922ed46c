"""What the buyer space does when the centre reviews an entity request (membership's signals).

Accepted: the requester gets a pending *rattachement* to the new establishment, with the role he
asked for as the requested role, and its validation is asked for once his address is confirmed
(:func:`buyer_space.services.registration.confirm_email` asks for it otherwise). Refused: the
e-mail giving the reason goes through the outbox. Both outcomes are written to the audit log.

A published offer (Wagtail's ``page_published``) is compared with what its subscribers last heard
of it: :mod:`buyer_space.services.notifications`.
"""

from django.dispatch import receiver
from wagtail.signals import page_published

from catalogue.models import OfferPage
from membership.services.entity_requests import requester_email
from membership.services.mail import REFUSAL_TEMPLATE, refusal_email_context
from membership.signals import entity_request_accepted, entity_request_refused

from .choices import AffiliationStatus, AuditAction, Role
from .models import Affiliation
from .services import audit, notifications
from .services.mail import enqueue_email
from .services.validation import request_validation


@receiver(entity_request_accepted, dispatch_uid="buyer_space.attach_requester")
def attach_requester(sender, entity_request, establishment, **kwargs):
    user = entity_request.requester
    requested_role = Role.ADMIN if entity_request.wants_admin_role else Role.USER
    affiliation, created = Affiliation.objects.get_or_create(
        user=user,
        establishment=establishment,
        defaults={
            "role": Role.USER,
            "requested_role": requested_role,
            "status": AffiliationStatus.PENDING,
        },
    )
    audit.record(
        AuditAction.ENTITY_ACCEPTED,
        actor=entity_request.reviewed_by,
        subject=user,
        establishment=establishment,
        entity_request=entity_request.pk,
        requested_role=str(requested_role),
    )
    if created and user.is_active:
        request_validation(affiliation)


@receiver(entity_request_refused, dispatch_uid="buyer_space.record_entity_refusal")
def record_entity_refusal(sender, entity_request, **kwargs):
    """Audit the refusal and queue its e-mail in the outbox, in the refusal's transaction:
    sent once, retried while the broker or the mail server is away."""
    enqueue_email(
        [requester_email(entity_request)],
        REFUSAL_TEMPLATE,
        refusal_email_context(entity_request),
        key=f"entity-request-refused:{entity_request.pk}",
    )
    audit.record(
        AuditAction.ENTITY_REFUSED,
        actor=entity_request.reviewed_by,
        subject=entity_request.requester,
        entity_request=entity_request.pk,
        entity=entity_request.name,
        siret=entity_request.siret,
        reason=entity_request.refusal_reason,
    )
    return True  # the requester will be told: membership need not send the e-mail itself


@receiver(page_published, sender=OfferPage, dispatch_uid="buyer_space.notify_offer_changes")
def notify_offer_changes(sender, instance, revision=None, alias=False, **kwargs):
    """A published offer: its subscribers hear of its new dates and market documents."""
    if alias:
        return  # an alias repeats its original, whose own publication notified
    notifications.record_publication(instance, revision)
