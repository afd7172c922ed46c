"""``/abonnements``: the offers the account follows (the bell), e-mail on or off."""

from datetime import datetime

import rules
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from buyer_space.api.pagination import PageParams, page
from buyer_space.api.problems import ApiProblem
from buyer_space.api.schemas import responses
from buyer_space.notifications import services as service
from buyer_space.notifications.models import Subscription

router = Router()
MAX_ID = 2**31 - 1


class SubscriptionOut(Schema):
    offre_id: int
    offre: str
    reference: str
    email: bool
    frequence: str
    abonne_le: datetime


class SubscriptionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[SubscriptionOut]


class NewSubscription(Schema):
    offre: int = Field(..., ge=1, le=MAX_ID, description="Id de l'offre à suivre.")


class SubscriptionChange(Schema):
    email: bool = Field(..., description="Recevoir un e-mail à chaque mise à jour.")


def _row(subscription, general):
    return {
        "offre_id": subscription.offer_id,
        "offre": subscription.offer.title,
        "reference": subscription.offer.reference,
        "email": subscription.email_enabled,
        "frequence": subscription.email_frequency or general,
        "abonne_le": subscription.created_at,
    }


def _check(request):
    if not rules.has_perm("notifications.subscribe_to_offers", request.user):
        raise ApiProblem(
            403, _("Seuls les comptes actifs (rattachement validé) peuvent suivre une offre.")
        )


def _subscription_or_404(request, offer_id):
    subscription = (
        Subscription.objects.select_related("offer")
        .filter(user=request.user, offer_id=min(offer_id, MAX_ID + 1))
        .first()
    )
    if subscription is None or not rules.has_perm(
        "notifications.manage_subscription", request.user, subscription
    ):
        raise Http404
    return subscription


@router.get("", response=responses(SubscriptionPage), summary="Mes abonnements")
def subscription_list(request, params: Query[PageParams]):
    _check(request)
    queryset = (
        Subscription.objects.filter(user=request.user)
        .select_related("offer")
        .order_by("-created_at", "-pk")
    )
    result = page(queryset, params)
    general = service.general_frequency(request.user)
    result["items"] = [_row(subscription, general) for subscription in result["items"]]
    return result


@router.post("", response=responses(SubscriptionOut, status=201), summary="Suivre une offre")
def subscribe(request, data: NewSubscription):
    """Suivre une offre en ligne (idempotent : la suivre deux fois ne change rien)."""
    _check(request)
    offer = service.subscribable_offers().filter(pk=data.offre).first()
    if offer is None:
        raise ApiProblem(404, _("Cette offre n'existe pas ou n'est plus en ligne."))
    service.subscribe(request.user, offer)
    subscription = _subscription_or_404(request, offer.pk)
    return Status(201, _row(subscription, service.general_frequency(request.user)))


@router.patch(
    "/{offer_id}", response=responses(SubscriptionOut), summary="E-mails d'une offre suivie"
)
def update_subscription(request, offer_id: int, data: SubscriptionChange):
    _check(request)
    subscription = _subscription_or_404(request, offer_id)
    subscription.email_enabled = data.email
    subscription.save(update_fields=["email_enabled"])
    return _row(subscription, service.general_frequency(request.user))


@router.delete("/{offer_id}", response=responses(None, status=204), summary="Ne plus suivre")
def unsubscribe(request, offer_id: int):
    _check(request)
    subscription = _subscription_or_404(request, offer_id)
    service.unsubscribe(request.user, subscription.offer_id)
    return Status(204, None)
