"""Who may do what with the bell and *Mes notifications*, from one table: each profile of the
world against each view and action, with the notification and the subscription of *user* as
the objects others try to reach by guessing their URLs."""

import pytest
from django.urls import reverse

from buyer_space.notifications.choices import NotificationKind
from buyer_space.notifications.models import Notification, Subscription
from tests.buyer_space.conftest import PROFILES

from .notification_helpers import follow, make_offer

pytestmark = pytest.mark.django_db

LOGIN = "login"  # redirected to the login page
OK = 200
DONE = 302  # done, then redirected back
FORBIDDEN = 403
NOT_FOUND = 404

ACTIONS = {
    # name: (method, url builder)
    "list": ("get", lambda o: reverse("buyer_space:notifications")),
    "preferences": ("get", lambda o: reverse("buyer_space:notification_preferences")),
    "subscribe": ("post", lambda o: reverse("buyer_space:toggle_subscription", args=[o.offer])),
    "mark_all_read": ("post", lambda o: reverse("buyer_space:notifications_mark_all_read")),
    "mark_users_notification_read": (
        "post",
        lambda o: reverse("buyer_space:notification_mark_read", args=[o.notification]),
    ),
    "change_users_subscription": (
        "post",
        lambda o: reverse("buyer_space:update_subscription", args=[o.subscription]),
    ),
}

# profile:        anonymous, pending,   user, other_admin, admin, ght_admin, staff
TABLE = {
    "list": (LOGIN, OK, OK, OK, OK, OK, OK),
    "preferences": (LOGIN, OK, OK, OK, OK, OK, OK),
    "subscribe": (LOGIN, FORBIDDEN, DONE, DONE, DONE, DONE, FORBIDDEN),
    "mark_all_read": (LOGIN, DONE, DONE, DONE, DONE, DONE, DONE),
    "mark_users_notification_read": (
        LOGIN,
        NOT_FOUND,
        DONE,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
    ),
    "change_users_subscription": (
        LOGIN,
        NOT_FOUND,
        DONE,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
    ),
}

CASES = [
    (profile, action, expected[index])
    for action, expected in TABLE.items()
    for index, profile in enumerate(PROFILES)
]


class Objects:
    def __init__(self, world, catalogue_index):
        offer = make_offer(catalogue_index, world.families[0])
        self.offer = offer.pk
        self.subscription = follow(world.user, offer).pk
        self.notification = Notification.objects.create(
            user=world.user,
            offer=offer,
            kind=NotificationKind.DATES,
            title="Nouvelles dates",
            message="…",
            change_key="permissions",
        ).pk


@pytest.mark.parametrize(("profile", "action", "expected"), CASES)
def test_permission_table(world, catalogue_index, login, profile, action, expected):
    objects = Objects(world, catalogue_index)
    method, url = ACTIONS[action]
    client = login(world.account(profile))
    data = {"change_users_subscription": {"action": "email-off"}, "subscribe": {"abonne": "1"}}
    response = getattr(client, method)(url(objects), data.get(action, {}))

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/connexion/?next=")
    else:
        assert response.status_code == expected, (profile, action)

    notification = Notification.objects.get(pk=objects.notification)
    subscription = Subscription.objects.get(pk=objects.subscription)
    user_acted = profile == "user" and expected == DONE
    if action == "mark_users_notification_read" or (action == "mark_all_read" and user_acted):
        assert (notification.read_at is not None) == user_acted
    else:
        assert notification.read_at is None
    assert subscription.email_enabled is not (action == "change_users_subscription" and user_acted)
    others = Subscription.objects.exclude(pk=objects.subscription)
    assert others.exists() == (action == "subscribe" and expected == DONE and profile != "user")
