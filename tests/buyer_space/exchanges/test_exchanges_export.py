"""*Échanges en cours* exported as xlsx: the threads the account sees, with the list's filters;
never another establishment's; refused to an account that cannot use exchanges."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from buyer_space.exchanges.choices import ExchangeStatus
from tests.factories.buyer_space import ExchangeFactory

pytestmark = pytest.mark.django_db

URL = reverse("buyer_space:exchanges_export")


def sheet_rows(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_the_export_has_the_threads_the_account_sees(world, login):
    ExchangeFactory(establishment=world.establishment, author=world.user, subject="+33 123")
    ExchangeFactory(establishment=world.other, author=world.other_admin, subject="Chez le voisin")
    rows = sheet_rows(login(world.user).get(URL))
    assert rows[0] == ["Ouvert le", "Dernière activité", "Type", "Objet", "Établissement",
                       "Auteur", "Statut"]  # fmt: skip
    assert [row[3] for row in rows[1:]] == ["'+33 123"]
    assert rows[1][4] == "CH DE TEST"


def test_the_export_follows_the_status_filter(world, login):
    ExchangeFactory(establishment=world.establishment, author=world.user, subject="Ouvert")
    ExchangeFactory(establishment=world.establishment, author=world.user, subject="Clos",
                    status=ExchangeStatus.CLOSED)  # fmt: skip
    rows = sheet_rows(login(world.user).get(URL, {"statut": ExchangeStatus.CLOSED}))
    assert [row[3] for row in rows[1:]] == ["Clos"]


def test_a_pending_account_cannot_export(world, login):
    assert login(world.pending).get(URL).status_code == 404


def test_the_list_offers_the_export(world, login):
    ExchangeFactory(establishment=world.establishment, author=world.user)
    assert URL in login(world.user).get(reverse("buyer_space:exchanges")).content.decode()
