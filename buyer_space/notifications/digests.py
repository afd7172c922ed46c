"""The daily and weekly digests: one e-mail listing the changes of the offers an account
follows at that frequency, each change once.

A change e-mailed at once is marked ``emailed_at`` by the fan-out; a digest takes the changes
not e-mailed yet, of the subscriptions (e-mail on) whose frequency — their own, else the
account's general choice — is the digest's, created within its window (a little over its
period: an account that turns e-mails on is not sent months of history). The e-mail's outbox
key names the last change it lists, and the changes are marked in the same transaction: a run
repeated, or two at once, sends nothing twice.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buyer_space.accounts.services.validation import absolute_url
from buyer_space.notifications.choices import EmailFrequency
from buyer_space.notifications.models import Notification, Subscription
from espace_site.outbox.services import enqueue_email

DIGEST_TEMPLATE = "notifications/emails/digest"
PERIODS = {
    EmailFrequency.DAILY: _("quotidien"),
    EmailFrequency.WEEKLY: _("hebdomadaire"),
}
WINDOWS = {
    EmailFrequency.DAILY: datetime.timedelta(days=2),
    EmailFrequency.WEEKLY: datetime.timedelta(days=8),
}


def due_notifications(frequency, now):
    """The changes a ``frequency`` digest sent at ``now`` lists, for every account."""
    wanted = Subscription.objects.filter(
        user=OuterRef("user"), offer=OuterRef("offer"), email_enabled=True
    ).filter(
        Q(email_frequency=frequency)
        | Q(email_frequency="", user__notification_preference__email_frequency=frequency)
    )
    return Notification.objects.filter(
        emailed_at__isnull=True,
        created_at__gte=now - WINDOWS[frequency],
        created_at__lte=now,
        user__is_active=True,
    ).filter(Exists(wanted))


def send_digests(frequency, now=None):
    """Queue one digest e-mail per account with changes due; returns how many were queued."""
    frequency = EmailFrequency(frequency)
    now = now or timezone.now()
    due = due_notifications(frequency, now)
    user_ids = sorted(set(due.values_list("user_id", flat=True)))
    users = get_user_model()._default_manager.in_bulk(user_ids)
    urls = {
        "notifications_url": absolute_url(reverse("buyer_space:notifications")),
        "preferences_url": absolute_url(reverse("buyer_space:notification_preferences")),
    }
    sent = 0
    for user_id in user_ids:
        user = users[user_id]
        with transaction.atomic():
            items = list(
                due.filter(user_id=user_id).select_related("offer").order_by("created_at", "pk")
            )
            if not items or not user.email:
                continue
            enqueue_email(
                user.email,
                DIGEST_TEMPLATE,
                {
                    "name": user.get_full_name() or user.email,
                    "period": str(PERIODS[frequency]),
                    "items": [
                        {
                            "title": item.title,
                            "message": item.message,
                            "offer_url": absolute_url(item.offer.url) if item.offer else "",
                        }
                        for item in items
                    ],
                    **urls,
                },
                key=f"digest:{frequency.value}:{user_id}:{items[-1].pk}",
            )
            Notification.objects.filter(pk__in=[item.pk for item in items]).update(emailed_at=now)
        sent += 1
    return sent
