"""``/notifications``: the account's notifications, the unread count, marking them read."""

from datetime import datetime

import rules
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Schema

from buyer_space.api.pagination import PageParams, page
from buyer_space.api.schemas import responses
from buyer_space.notifications import services as service
from buyer_space.notifications.models import Notification

router = Router()
MAX_ID = 2**31 - 1


class NotificationFilters(PageParams):
    non_lues: bool = False


class NotificationOut(Schema):
    id: int
    type: str
    titre: str
    message: str
    offre_id: int | None
    date: datetime
    lue_le: datetime | None


class NotificationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[NotificationOut]


class UnreadOut(Schema):
    non_lues: int


class MarkedOut(Schema):
    marquees: int


def _check(request):
    if not rules.has_perm("notifications.view_notifications", request.user):
        raise Http404


@router.get("", response=responses(NotificationPage), summary="Mes notifications")
def notification_list(request, filters: Query[NotificationFilters]):
    """Les changements des offres suivies (dates, documents de marché), les plus récents
    d'abord."""
    _check(request)
    queryset = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    if filters.non_lues:
        queryset = queryset.filter(read_at__isnull=True)
    result = page(queryset, filters)
    result["items"] = [
        {
            "id": notification.pk,
            "type": notification.kind,
            "titre": notification.title,
            "message": notification.message,
            "offre_id": notification.offer_id,
            "date": notification.created_at,
            "lue_le": notification.read_at,
        }
        for notification in result["items"]
    ]
    return result


@router.get("/non-lues", response=responses(UnreadOut), summary="Nombre de notifications non lues")
def unread(request):
    _check(request)
    return {"non_lues": service.unread_count(request.user)}


@router.post("/lues", response=responses(MarkedOut), summary="Tout marquer comme lu")
def mark_all_read(request):
    _check(request)
    return {"marquees": service.mark_all_read(request.user, timezone.now())}


@router.post(
    "/{notification_id}/lue", response=responses(MarkedOut), summary="Marquer une notification lue"
)
def mark_read(request, notification_id: int):
    _check(request)
    notification = Notification.objects.filter(pk=min(notification_id, MAX_ID + 1)).first()
    if notification is None or not rules.has_perm(
        "notifications.read_notification", request.user, notification
    ):
        raise Http404
    return {"marquees": service.mark_read(request.user, notification.pk, timezone.now())}
