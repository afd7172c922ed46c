"""*Mes notifications*: the list (newest first, 20 a page), read and unread, mark one or all read,
the unread count in the header, and their query counts."""

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from buyer_space.notifications.choices import NotificationKind
from buyer_space.notifications.models import Notification

from .notification_helpers import make_offer

pytestmark = pytest.mark.django_db

LIST_URL = "/mon-espace/notifications/"


@pytest.fixture
def offer(world, catalogue_index):
    return make_offer(catalogue_index, world.families[0])


def notify(user, offer, count, read=False):
    """``count`` notifications, one minute apart, the last the newest."""
    start = timezone.now() - datetime.timedelta(days=1)
    made = Notification.objects.bulk_create(
        Notification(
            user=user,
            offer=offer,
            kind=NotificationKind.DATES,
            title=f"Notification {index}",
            message=f"Message {index}",
            change_key=f"test-{uuid.uuid4().hex}",
            read_at=timezone.now() if read else None,
        )
        for index in range(count)
    )
    for index, notification in enumerate(made):
        Notification.objects.filter(pk=notification.pk).update(
            created_at=start + datetime.timedelta(minutes=index)
        )
    return made


def titles(html):
    return re.findall(r'<h2 class="notification__title">(?:<a [^>]*>)?([^<]+)', html)


def test_the_list_newest_first_20_a_page(world, offer, login):
    notify(world.user, offer, 25)
    client = login(world.user)
    first = client.get(LIST_URL).content.decode()
    assert titles(first) == [f"Notification {i}" for i in range(24, 4, -1)]
    assert "25 notifications non lues" in first
    second = client.get(LIST_URL, {"page": 2}).content.decode()
    assert titles(second) == [f"Notification {i}" for i in range(4, -1, -1)]
    for bad in ("999", "abc", "-1", "\x00"):
        assert client.get(LIST_URL, {"page": bad}).status_code == 200


def test_each_notification_links_to_its_offer(world, offer, login):
    notify(world.user, offer, 1)
    html = login(world.user).get(LIST_URL).content.decode()
    assert f'<a href="{offer.url}">Notification 0</a>' in html
    assert 'class="notification notification--unread"' in html
    assert "Message 0" in html


def test_a_notification_of_a_withdrawn_offer_has_no_link(world, offer, login):
    notify(world.user, offer, 1)
    offer.unpublish()
    html = login(world.user).get(LIST_URL).content.decode()
    assert titles(html) == ["Notification 0"]
    assert f'href="{offer.url}"' not in html


def test_only_my_notifications(world, offer, login):
    notify(world.admin, offer, 3)
    html = login(world.user).get(LIST_URL).content.decode()
    assert titles(html) == []
    assert "Vous n'avez aucune notification." in html


def test_anonymous_visitors_log_in_first(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=")


def test_mark_one_read(world, offer, login):
    [older, newer] = notify(world.user, offer, 2)
    client = login(world.user)
    url = reverse("buyer_space:notification_mark_read", args=[newer.pk])
    response = client.post(url, {"next": f"{LIST_URL}?page=1"})
    assert response["Location"] == f"{LIST_URL}?page=1"
    newer.refresh_from_db()
    older.refresh_from_db()
    assert newer.read_at is not None
    assert older.read_at is None
    html = client.get(LIST_URL).content.decode()
    assert html.count('class="notification notification--unread"') == 1
    assert "1 notification non lue" in html
    assert client.get(url).status_code == 405


def test_another_accounts_notification_is_not_found(world, offer, login):
    [theirs] = notify(world.admin, offer, 1)
    client = login(world.user)
    url = reverse("buyer_space:notification_mark_read", args=[theirs.pk])
    assert client.post(url).status_code == 404
    assert (
        client.post(reverse("buyer_space:notification_mark_read", args=[99999])).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(world, offer, login):
    notify(world.user, offer, 3)
    notify(world.admin, offer, 2)
    client = login(world.user)
    response = client.post(reverse("buyer_space:notifications_mark_all_read"), follow=True)
    assert "3 notifications marquées comme lues." in response.content.decode()
    assert not Notification.objects.filter(user=world.user, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.admin, read_at__isnull=True).count() == 2
    again = client.post(reverse("buyer_space:notifications_mark_all_read"), follow=True)
    assert "Toutes vos notifications étaient déjà lues." in again.content.decode()


def test_the_header_counts_the_unread_notifications(world, offer, login):
    notify(world.user, offer, 3)
    Notification.objects.create(
        user=world.user,
        offer=offer,
        kind="dates",
        title="Lue",
        message="Lue",
        change_key="lue",
        read_at=timezone.now(),
    )
    client = login(world.user)
    html = client.get("/offres/").content.decode()
    assert re.search(r'href="/mon-espace/notifications/">3 notifications non lues</a>', html)
    Notification.objects.filter(user=world.user).update(read_at=timezone.now())
    html = client.get("/offres/").content.decode()
    assert "non lue" not in html


def test_one_unread_notification_is_singular(world, offer, login):
    notify(world.user, offer, 1)
    assert "1 notification non lue<" in login(world.user).get("/").content.decode()


def test_no_count_for_anonymous_visitors(client, offer):
    client.get("/offres/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/offres/")
    assert not any("buyer_space_notification" in query["sql"] for query in queries)


def test_the_menu_of_mon_espace_leads_to_the_notifications(world, login):
    html = login(world.user).get(reverse("buyer_space:space")).content.decode()
    assert 'href="/mon-espace/notifications/"' in html
    page = login(world.user).get(LIST_URL).content.decode()
    assert re.search(
        r'href="/mon-espace/notifications/" aria-current="page">Mes notifications', page
    )


# Session, account, the page of notifications and its count, the unread count, the rights
# of the side menu (model permissions, profile, rattachements, family rights), the site.
BUDGET = 12


def count_queries(client, url):
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= BUDGET, [query["sql"][:120] for query in queries]
    return len(queries)


def test_query_counts_do_not_grow_with_the_notifications(world, offer, login):
    client = login(world.user)
    notify(world.user, offer, 5)
    with_5 = count_queries(client, LIST_URL)
    notify(world.user, offer, 295)
    assert count_queries(client, LIST_URL) == with_5
    assert count_queries(client, f"{LIST_URL}?page=15") == with_5


def test_query_counts_of_the_preferences_do_not_grow(world, offer, login):
    from tests.factories.catalogue import OfferPageFactory

    from .notification_helpers import follow

    client = login(world.user)
    url = reverse("buyer_space:notification_preferences")
    follow(world.user, offer)
    with_1 = count_queries(client, url)
    for _ in range(60):
        follow(world.user, OfferPageFactory(parent=offer.get_parent()))
    assert count_queries(client, url) == with_1
    assert count_queries(client, f"{url}?page=2") == with_1
