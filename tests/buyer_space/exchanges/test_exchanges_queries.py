"""Query counts of the exchanges: the same bound at 5 and at 300 threads, and at 5 and at 300
messages in a thread (each message with an attachment), on the buyer's and the staff's side."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buyer_space.exchanges.models import Exchange, ExchangeAttachment, ExchangeMessage
from tests.factories.buyer_space import UserFactory

pytestmark = pytest.mark.django_db

# Measured (SQLite and PostgreSQL alike): list 9 (session, user, profile, affiliations, count,
# page, then the header and the side menu), thread 12 (the thread, its messages, their
# attachments, the read mark), staff list 16 and staff thread 12 (Wagtail's menus and
# permissions). Two spare queries for the shared layout; ``test_same_count_at_5_and_300`` holds
# the counts equal.
LIST_BOUND = 11
THREAD_BOUND = 14
ADMIN_LIST_BOUND = 18
ADMIN_THREAD_BOUND = 14


def make_threads(world, count):
    """``count`` threads of CH DE TEST, by the user and the admin in turn, one message each."""
    authors = [world.user, world.admin]
    exchanges = Exchange.objects.bulk_create(
        Exchange(
            kind="question",
            subject=f"Question {n}",
            establishment=world.establishment,
            author=authors[n % 2],
        )
        for n in range(count)
    )
    ExchangeMessage.objects.bulk_create(
        ExchangeMessage(exchange=exchange, author=exchange.author, body="Bonjour.")
        for exchange in exchanges
    )
    return exchanges


def make_thread(world, count):
    """One thread of ``count`` messages, alternately the user's and the centre's, each with a
    (database-only) attachment."""
    exchange = Exchange.objects.create(
        kind="question",
        subject="Un long échange",
        establishment=world.establishment,
        author=world.user,
    )
    messages = ExchangeMessage.objects.bulk_create(
        ExchangeMessage(
            exchange=exchange,
            author=world.user if n % 2 == 0 else None,
            from_staff=n % 2 == 1,
            body=f"Message {n}",
        )
        for n in range(count)
    )
    ExchangeAttachment.objects.bulk_create(
        ExchangeAttachment(message=message, name=f"piece-{n}.pdf", size=1024, file=f"x/{n}.pdf")
        for n, message in enumerate(messages)
    )
    return exchange


@pytest.fixture
def answerer(world):
    answerer = UserFactory(email="repondeur@centrale.example", is_staff=True)
    answerer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="exchanges", codename="change_exchange"),
    )
    return answerer


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("size", [5, 300])
def test_the_list_does_not_grow_with_the_threads(world, login, size, django_assert_max_num_queries):
    make_threads(world, size)
    client = login(world.admin)
    client.get(reverse("buyer_space:exchanges"))  # warm the session and the site caches
    with django_assert_max_num_queries(LIST_BOUND):
        response = client.get(reverse("buyer_space:exchanges"))
    assert len(response.context["rows"]) == min(size, 20)


@pytest.mark.parametrize("size", [5, 300])
def test_a_thread_does_not_grow_with_its_messages(
    world, login, size, django_assert_max_num_queries
):
    exchange = make_thread(world, size)
    client = login(world.user)
    url = reverse("buyer_space:exchange_detail", args=[exchange.pk])
    client.get(url)
    with django_assert_max_num_queries(THREAD_BOUND):
        response = client.get(url)
    assert len(response.context["thread"]) == size
    assert response.content.decode().count("piece-") == size


@pytest.mark.parametrize("size", [5, 300])
def test_the_staff_list_does_not_grow_with_the_threads(
    world, login, answerer, size, django_assert_max_num_queries
):
    make_threads(world, size)
    client = login(answerer)
    client.get("/admin/exchanges/exchange/")
    with django_assert_max_num_queries(ADMIN_LIST_BOUND):
        client.get("/admin/exchanges/exchange/")


@pytest.mark.parametrize("size", [5, 300])
def test_the_staff_thread_does_not_grow_with_its_messages(
    world, login, answerer, size, django_assert_max_num_queries
):
    exchange = make_thread(world, size)
    client = login(answerer)
    url = reverse("exchanges_exchange_thread", args=[exchange.pk])
    client.get(url)
    with django_assert_max_num_queries(ADMIN_THREAD_BOUND):
        response = client.get(url)
    assert response.content.decode().count("piece-") == size


def test_same_count_at_5_and_300(world, login):
    """Not only under a bound: exactly as many queries for 5 as for 300 rows."""
    make_threads(world, 5)
    thread = make_thread(world, 5)
    client = login(world.admin)
    urls = [
        reverse("buyer_space:exchanges"),
        reverse("buyer_space:exchange_detail", args=[thread.pk]),
    ]
    for url in urls:
        client.get(url)
    small = [count_queries(client, url)[0] for url in urls]
    make_threads(world, 295)
    ExchangeMessage.objects.bulk_create(
        ExchangeMessage(exchange=thread, author=world.user, body=f"Suite {n}") for n in range(295)
    )
    large = [count_queries(client, url)[0] for url in urls]
    assert small == large, (small, large)
