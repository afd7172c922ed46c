"""*Mes notifications*: the account's notifications, newest first, and their read state.

An account only ever reads and marks its own notifications: another's answers 404, like a
missing one.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from buyer_space.notifications import services as service
from buyer_space.notifications.models import Notification
from buyer_space.notifications.views.subscriptions import safe_next
from espace_site.pagination import paginate

PER_PAGE = 20


def _check(request):
    if not rules.has_perm("notifications.view_notifications", request.user):
        raise PermissionDenied


@login_required
@require_GET
def notification_list(request):
    _check(request)
    notifications = (
        Notification.objects.filter(user=request.user)
        .select_related("offer")
        .order_by("-created_at", "-pk")
    )
    page_obj, window = paginate(notifications, request.GET.get("page"), per_page=PER_PAGE)
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": page_obj,
            "page_window": window,
            "unread_total": service.unread_count(request.user),
        },
    )


@login_required
@require_POST
def mark_read(request, notification_id):
    _check(request)
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None or not rules.has_perm(
        "notifications.read_notification", request.user, notification
    ):
        raise Http404
    service.mark_read(request.user, notification.pk, timezone.now())
    messages.success(request, _("La notification est marquée comme lue."))
    return redirect(safe_next(request, reverse("buyer_space:notifications")))


@login_required
@require_POST
def mark_all_read(request):
    _check(request)
    count = service.mark_all_read(request.user, timezone.now())
    if count:
        text = ngettext(
            "%(count)d notification marquée comme lue.",
            "%(count)d notifications marquées comme lues.",
            count,
        ) % {"count": count}
    else:
        text = _("Toutes vos notifications étaient déjà lues.")
    messages.success(request, text)
    return redirect(safe_next(request, reverse("buyer_space:notifications")))
