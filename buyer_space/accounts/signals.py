from django.dispatch import receiver
from django.urls import reverse

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import Affiliation
from buyer_space.accounts.services import validation
from buyer_space.accounts.services.validation import request_validation
from buyer_space.audit import services as audit
from buyer_space.audit.choices import AuditAction
from espace_site.outbox.services import enqueue_email
from membership.establishments.signals import entity_request_accepted, entity_request_refused


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
    if not (created and user.is_active):
        return
    if validation.active_admins(establishment.pk):
        # The establishment existed and has an administrator: he validates, as for any request.
        request_validation(affiliation)
        enqueue_email(
            user.email,
            "accounts/emails/entity_accepted_pending",
            {
                "person": {"name": user.get_full_name() or user.email},
                "establishment": str(establishment),
                "url": validation.absolute_url(reverse("buyer_space:space")),
            },
            key=f"entity-accepted-pending:{entity_request.pk}",
        )
    else:
        # A new establishment (or one with no administrator): the centre's acceptance of the
        # entity is the validation of its applicant, with the role he asked for (e-mailed).
        validation.accept(
            affiliation, actor=entity_request.reviewed_by, role=requested_role, via="centrale"
        )


@receiver(entity_request_refused, dispatch_uid="buyer_space.record_entity_refusal")
def record_entity_refusal(sender, entity_request, **kwargs):
    """Audit the refusal, in the refusal's transaction (membership e-mails the requester)."""
    audit.record(
        AuditAction.ENTITY_REFUSED,
        actor=entity_request.reviewed_by,
        subject=entity_request.requester,
        entity_request=entity_request.pk,
        entity=entity_request.name,
        siret=entity_request.siret,
        reason=entity_request.reason,
    )
