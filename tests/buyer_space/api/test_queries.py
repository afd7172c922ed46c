"""No query per item: each list of 100 costs at most 10 queries, the same at 10 and 1,000 rows
(subscriptions: 10 and 110 followed offers, an offer page being slow to create)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buyer_space.accounts.models import Affiliation
from buyer_space.exchanges.models import Exchange
from buyer_space.notifications.models import Notification, Subscription
from buyer_space.space.models import DataFile, OtherDocument
from membership.contracts.models import Contract
from membership.deposits.models import ConventionDeposit
from tests.factories.catalogue import OfferPageFactory

MAX_QUERIES = 10


def _contracts(w, start, count):
    Contract.objects.bulk_create(
        Contract(
            establishment=w.establishment,
            offer=w.offer,
            family=w.families[0],
            number=f"N{start + i}",
            title=f"Marché {start + i}",
            start_date=datetime.date(2024, 1, 1),
            end_date=datetime.date(2099, 1, 1),
        )
        for i in range(count)
    )


def _exchanges(w, start, count):
    Exchange.objects.bulk_create(
        Exchange(
            kind="question", subject=f"Q{start + i}", establishment=w.establishment, author=w.user
        )
        for i in range(count)
    )


def _notifications(w, start, count):
    Notification.objects.bulk_create(
        Notification(
            user=w.user,
            offer=w.offer,
            kind="dates",
            title="T",
            message="M",
            change_key=f"n{start + i}",
        )
        for i in range(count)
    )


def _subscriptions(w, start, count):
    offers = [OfferPageFactory(parent=w.offer.get_parent()) for _ in range(count)]
    Subscription.objects.bulk_create(Subscription(user=w.user, offer=o) for o in offers)


def _users(w, start, count):
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"u{start + i}@x.example", email=f"u{start + i}@x.example")
        for i in range(count)
    )
    Affiliation.objects.bulk_create(
        Affiliation(user=user, establishment=w.establishment, status="en-attente") for user in users
    )


def _other_documents(w, start, count):
    OtherDocument.objects.bulk_create(
        OtherDocument(
            title=f"D{start + i}",
            category="adhesion",
            establishment=w.establishment,
            file="other/d.pdf",
        )
        for i in range(count)
    )


def _data_files(w, start, count):
    DataFile.objects.bulk_create(
        DataFile(
            establishment=w.establishment,
            kind="mensuel-grossiste",
            period_start=datetime.date(1000, 1, 1) + datetime.timedelta(days=start + i),
            period_end=datetime.date(2000, 1, 1),
            file="reports/r.xlsx",
        )
        for i in range(count)
    )


def _deposits(w, start, count):
    ConventionDeposit.objects.bulk_create(
        ConventionDeposit(
            establishment=w.establishment,
            offer=w.offer,
            depositor=w.admin,
            company_name="CH",
            contract_number=f"C{start + i}",
            archive="d/a.zip",
            email="a@x.example",
            phone="0123456789",
            order_reference="EJ1",
            chorus_service_code="S1",
        )
        for i in range(count)
    )


LISTS = [
    ("contracts", "/marches", "user", _contracts, 1000),
    ("exchanges", "/echanges", "admin", _exchanges, 1000),
    ("notifications", "/notifications", "user", _notifications, 1000),
    ("subscriptions", "/abonnements", "user", _subscriptions, 110),
    ("establishment users", "/etablissements/{e}/utilisateurs", "admin", _users, 1000),
    ("pending requests", "/etablissements/{e}/demandes", "admin", _users, 1000),
    ("other documents", "/documents/autres", "admin", _other_documents, 1000),
    ("data files", "/documents/donnees", "admin", _data_files, 1000),
    ("deposits", "/depots", "admin", _deposits, 1000),
]


def _count(call, path, token):
    with CaptureQueriesContext(connection) as queries:
        response = call("get", f"{path}?limit=100", token=token)
    assert response.status_code == 200, response.content[:300]
    return len(queries), response.json()["count"], len(response.json()["items"])


@pytest.mark.parametrize(
    ("path", "caller", "make", "many"), [p[1:] for p in LISTS], ids=[p[0] for p in LISTS]
)
def test_a_list_costs_the_same_at_10_and_many_rows(api_world, call, path, caller, make, many):
    path = path.format(e=api_world.establishment.pk)
    token = api_world.tokens[caller]
    call("get", "/moi", token=token)  # the token's first use is written once (last_used_at)
    make(api_world, 0, 10)
    few, few_count, _ = _count(call, path, token)
    make(api_world, 10, many - 10)
    lots, lots_count, shown = _count(call, path, token)
    assert lots_count >= many > few_count >= 10
    assert shown == 100
    assert lots == few
    assert lots <= MAX_QUERIES
