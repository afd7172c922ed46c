"""Entity requests (*demandes d'ajout d'entité*): submission by a buyer, review by the centre.

Each review is atomic and idempotent: the request row is locked, and a request that is no longer
pending is left as it is (the outcome says so), so a double click or a replayed POST does nothing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from espace_site.outbox.services import enqueue_email
from membership.establishments.choices import EntityRequestStatus, GroupRole
from membership.establishments.models import EntityRequest, Establishment, EstablishmentGroup
from membership.establishments.signals import entity_request_accepted, entity_request_refused

ESTABLISHMENT_FIELDS = (
    "name",
    "siret",
    "acronym",
    "address",
    "city",
    "postcode",
    "activity_domain",
    "legal_status",
    "revenue_title_method",
    "annual_purchase_amount",
)

REFUSAL_TEMPLATE = "establishments/emails/entity_request_refused"


@dataclass(frozen=True)
class ReviewOutcome:
    entity_request: EntityRequest
    # False when the request had already been reviewed: nothing was done.
    changed: bool
    # On acceptance: whether the establishment was created, or one with that SIRET existed.
    establishment_created: bool = False


def submit_entity_request(requester, data, **extra):
    """Record a buyer's request; his pending request for the same SIRET is updated instead.

    Returns ``(entity_request, created)``.
    """
    values = {**data, **extra}
    siret = values.pop("siret")
    lookup = {"requester": requester, "siret": siret, "status": EntityRequestStatus.PENDING}
    try:
        with transaction.atomic():
            return EntityRequest.objects.update_or_create(**lookup, defaults=values)
    except IntegrityError:
        # Two submissions raced past the lookup: the constraint kept one, update it.
        return EntityRequest.objects.update_or_create(**lookup, defaults=values)


def _locked(entity_request_id):
    return (
        EntityRequest.objects.select_for_update(of=("self",))
        .select_related("requester")
        .get(pk=entity_request_id)
    )


def _group_for(entity_request):
    name = entity_request.group_name.strip()
    if not name:
        return None
    return EstablishmentGroup.objects.filter(name__iexact=name).first()


def accept_entity_request(entity_request_id, reviewer):
    """Create the establishment the request describes (or reuse the one with its SIRET).

    Sends ``entity_request_accepted`` inside the transaction, so that what its receivers do
    (attach the requester) is committed, or rolled back, with the acceptance.
    """
    with transaction.atomic():
        entity_request = _locked(entity_request_id)
        if entity_request.status != EntityRequestStatus.PENDING:
            return ReviewOutcome(entity_request, changed=False)
        defaults = {name: getattr(entity_request, name) for name in ESTABLISHMENT_FIELDS}
        defaults.pop("siret")
        group = _group_for(entity_request)
        if group is not None:
            defaults.update(group=group, group_role=GroupRole.MEMBER)
        establishment, created = Establishment.objects.get_or_create(
            siret=entity_request.siret, defaults=defaults
        )
        entity_request.establishment = establishment
        entity_request.mark_reviewed(EntityRequestStatus.ACCEPTED, by=reviewer)
        entity_request.save(update_fields=[*EntityRequest.REVIEW_FIELDS, "establishment"])
        entity_request_accepted.send(
            sender=EntityRequest, entity_request=entity_request, establishment=establishment
        )
    return ReviewOutcome(entity_request, changed=True, establishment_created=created)


def refuse_entity_request(entity_request_id, reviewer, reason):
    """Refuse the request and e-mail the requester the reason.

    The e-mail is queued in the outbox inside the refusal's transaction (sent once it commits,
    once, retried while the broker or the mail server is away); ``entity_request_refused`` is
    sent in the same transaction, for its receivers (the buyer space's audit log) to record it.
    """
    with transaction.atomic():
        entity_request = _locked(entity_request_id)
        if entity_request.status != EntityRequestStatus.PENDING:
            return ReviewOutcome(entity_request, changed=False)
        entity_request.mark_reviewed(
            EntityRequestStatus.REFUSED, by=reviewer, reason=reason.strip()
        )
        entity_request.save(update_fields=EntityRequest.REVIEW_FIELDS)
        enqueue_email(
            [requester_email(entity_request)],
            REFUSAL_TEMPLATE,
            refusal_email_context(entity_request),
            key=f"entity-request-refused:{entity_request.pk}",
        )
        entity_request_refused.send(sender=EntityRequest, entity_request=entity_request)
    return ReviewOutcome(entity_request, changed=True)


def requests_awaiting_or_refused(user):
    """The account's entity requests still pending, and those refused, newest first: what its
    space shows while no establishment is attached."""
    return EntityRequest.objects.filter(
        requester=user, status__in=[EntityRequestStatus.PENDING, EntityRequestStatus.REFUSED]
    ).order_by("-created_at")


def refusal_email_context(entity_request):
    """What the refusal e-mail says, as plain values (the outbox stores them as JSON)."""
    return {
        "entity_request": {"name": entity_request.name, "siret": entity_request.siret},
        "requester": {"first_name": entity_request.requester.first_name},
        "reason": entity_request.reason,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def requester_email(entity_request):
    user = entity_request.requester
    return user.email or user.get_username()
