"""*Marchés en cours* exported as xlsx: the account's contracts with the list's filters, dates as
dates, no formula from a contract's text, never another establishment's; in a fixed number of
queries."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories.membership import ContractFactory

pytestmark = pytest.mark.django_db

URL = reverse("membership:contracts_export")


def sheet_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_the_export_has_the_contracts_of_the_accounts_establishments(world, login):
    ContractFactory(establishment=world.establishment, title="=HYPERLINK(1)", number="M-1")
    ContractFactory(establishment=world.establishment, title="Titres restaurant", number="M-2",
                    end_date=datetime.date(2020, 1, 1))  # fmt: skip
    ContractFactory(establishment=world.other, title="Marché du voisin")
    rows = sheet_rows(login(world.user).get(URL))
    assert rows[0][:3] == ["Établissement", "N° de marché", "Intitulé"]
    assert len(rows) == 3
    titles = {row[2] for row in rows[1:]}
    assert titles == {"'=HYPERLINK(1)", "Titres restaurant"}
    ended = next(row for row in rows[1:] if row[1] == "M-2")
    assert ended[7] == datetime.datetime(2020, 1, 1)
    assert ended[8] == "Terminé"


def test_the_export_follows_the_lists_filters(world, login):
    ContractFactory(establishment=world.establishment, title="Gants")
    ContractFactory(establishment=world.establishment, title="Titres restaurant")
    rows = sheet_rows(login(world.user).get(URL, {"q": "titres"}))
    assert [row[2] for row in rows[1:]] == ["Titres restaurant"]


def test_the_export_costs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.user)
    for number in range(30):
        ContractFactory(establishment=world.establishment, number=f"M-{number}")
    with django_assert_max_num_queries(12):
        rows = sheet_rows(client.get(URL))
    assert len(rows) == 31


def test_an_anonymous_visitor_is_sent_to_the_login(world, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("buyer_space:login"))


def test_the_list_offers_the_export(world, login):
    ContractFactory(establishment=world.establishment)
    page = login(world.user).get(reverse("membership:contracts")).content.decode()
    assert URL in page
