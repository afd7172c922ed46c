"""A buyer asks his establishment's administrators for the family right that opens a market
document (*consulter les documents de marché*): who grants it, and the e-mail that asks."""

from django.urls import reverse
from django.utils import timezone

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import Affiliation
from buyer_space.accounts.rules import access
from buyer_space.accounts.services.validation import absolute_url
from espace_site.outbox.services import enqueue_email

REQUEST_TEMPLATE = "accounts/emails/family_right_request"


def granting_admins(user):
    """The active administrators of the adherent establishments where ``user`` is active, as
    ``(admin, establishment)`` pairs (one query); the person himself left out."""
    account = access(user)
    if account is None or not account.adherent_member_ids:
        return []
    rows = (
        Affiliation.objects.filter(
            establishment_id__in=account.adherent_member_ids,
            role=Role.ADMIN,
            status=AffiliationStatus.ACTIVE,
            user__is_active=True,
        )
        .exclude(user_id=user.pk)
        .select_related("user", "establishment")
        .order_by("establishment__name", "user__last_name", "user__first_name")
    )
    return [(row.user, row.establishment) for row in rows]


def admin_names(user):
    """``Prénom Nom`` of each administrator who may grant ``user`` a family right."""
    return [admin.get_full_name() or admin.email for admin, _ in granting_admins(user)]


def request_family_right(user, family, offer=None, message=""):
    """E-mail each administrator the request (once a day per person and family); returns how
    many administrators were asked."""
    today = timezone.localdate().isoformat()
    asked = 0
    for admin, establishment in granting_admins(user):
        enqueue_email(
            admin.email,
            REQUEST_TEMPLATE,
            {
                "admin_name": admin.get_full_name() or admin.email,
                "person": {"name": user.get_full_name() or user.email, "email": user.email},
                "establishment": establishment.name,
                "family": family.name,
                "offer": offer.title if offer else "",
                "offer_url": absolute_url(offer.url) if offer and offer.url else "",
                "message": message,
                "rights_url": absolute_url(reverse("buyer_space:user_rights", args=[user.pk])),
            },
            key=f"family-right-request:{user.pk}:{family.pk}:{admin.pk}:{today}",
        )
        asked += 1
    return asked
