"""The guide's four reports: their sheets, columns, amounts and totals, the GHT scope, the
formatting (dates, currency, frozen header, autofilter, widths), no formula from ledger text,
and the continuation past the row limit."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from buyer_space.reports.choices import Centre, LineKind
from buyer_space.reports.services.reports import write_report
from buyer_space.space.choices import DataFileKind
from espace_site.xlsx import CURRENCY_FORMAT, DATE_FORMAT
from tests.buyer_space.reports.factories import LedgerLineFactory, PurchaseGainFactory

pytestmark = pytest.mark.django_db

JANUARY = (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))


def build(kind, establishments, period=JANUARY, group=False):
    out = io.BytesIO()
    count = write_report(out, kind, establishments, *period, group=group)
    out.seek(0)
    return count, load_workbook(out)


def values(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def line(ledger, establishment=None, **fields):
    return LedgerLineFactory(
        establishment=establishment or ledger.world.establishment,
        offer=ledger.offer,
        holder=ledger.holder,
        **fields,
    )


@pytest.fixture
def january(ledger):
    line(ledger, kind=LineKind.QUOTE, amount_excl_tax=Decimal("10.00"), line_number=1)
    line(ledger, kind=LineKind.ORDER, amount_excl_tax=Decimal("20.00"), line_number=2)
    line(ledger, kind=LineKind.TO_INVOICE, amount_excl_tax=Decimal("30.00"), line_number=3)
    line(
        ledger,
        kind=LineKind.INVOICED,
        amount_excl_tax=Decimal("40.50"),
        amount_incl_tax=Decimal("48.60"),
        line_number=4,
        document_date=datetime.date(2024, 1, 31),
    )
    line(ledger, centre=Centre.WHOLESALE, amount_excl_tax=Decimal("7.00"))
    line(ledger, centre=Centre.RENTAL, amount_excl_tax=Decimal("8.00"))
    line(ledger, document_date=datetime.date(2024, 2, 1))  # next month
    line(ledger, establishment=ledger.world.other)  # another establishment
    return ledger


MONTHLY_HEADER = [
    "Date du document", "Échéance", "Centrale", "Nature", "N° de document", "N° de ligne",
    "Référence de l'offre", "Offre", "Titulaire", "Libellé", "Quantité",
    "Devis en cours (HT)", "Commandes validées (HT)", "Titres à facturer (HT)",
    "Titres facturés (HT)", "Montant TTC",
]  # fmt: skip


def test_monthly_intermediary_report_has_a_column_per_kind_and_a_totals_row(january):
    count, book = build(DataFileKind.MONTHLY_INTERMEDIARY, [january.world.establishment])
    assert count == 4
    assert len(book.worksheets) == 1
    rows = values(book.worksheets[0])
    assert rows[0] == MONTHLY_HEADER
    assert len(rows) == 1 + 4 + 1
    quote, order, to_invoice, invoiced = rows[1:5]
    assert quote[2:4] == ["Intermédiaire", "Devis en cours"]
    assert quote[6:9] == [january.offer.reference, "Gants et protections", "Medisupplies SAS"]
    assert quote[11:15] == [10, None, None, None]
    assert order[11:15] == [None, 20, None, None]
    assert to_invoice[11:15] == [None, None, 30, None]
    assert invoiced[11:16] == [None, None, None, 40.5, 48.6]
    assert invoiced[0] == datetime.datetime(2024, 1, 31)
    totals = rows[-1]
    assert totals[0] == "Total"
    assert totals[10:16] == [8, 10, 20, 30, 40.5, 120 * 3 + 48.6]


def test_monthly_wholesale_report_has_the_wholesale_and_rental_lines(january):
    count, book = build(DataFileKind.MONTHLY_WHOLESALE, [january.world.establishment])
    rows = values(book.worksheets[0])
    assert count == 2
    assert sorted(row[2] for row in rows[1:3]) == ["Grossiste", "Location"]
    assert rows[-1][12] == 15


def test_weekly_billing_report_has_the_titles_of_the_week(january):
    week = (datetime.date(2024, 1, 29), datetime.date(2024, 2, 4))
    line(january, kind=LineKind.TO_INVOICE, document_date=datetime.date(2024, 1, 29),
         line_number=9, amount_excl_tax=Decimal("5.00"))  # fmt: skip
    line(january, kind=LineKind.ORDER, document_date=datetime.date(2024, 1, 30), line_number=8)
    count, book = build(
        DataFileKind.WEEKLY_INTERMEDIARY_BILLING, [january.world.establishment], period=week
    )
    rows = values(book.worksheets[0])
    assert rows[0] == [
        "Date du titre", "Échéance", "N° de titre", "N° de ligne", "Référence de l'offre",
        "Offre", "Titulaire", "Libellé", "Titres à facturer (HT)", "Titres facturés (HT)",
        "Montant TTC",
    ]  # fmt: skip
    assert count == 2
    assert [row[8:10] for row in rows[1:3]] == [[5, None], [None, 40.5]]
    assert rows[-1][8:11] == [5, 40.5, 168.6]


def test_half_yearly_gains_report(ledger):
    establishment = ledger.world.establishment
    family = ledger.world.families[0]
    PurchaseGainFactory(establishment=establishment, offer=ledger.offer, family=family)
    PurchaseGainFactory(
        establishment=establishment,
        offer=ledger.other_offer,
        family=family,
        reference_amount=Decimal("500.00"),
        amount_paid=Decimal("450.00"),
        gain=Decimal("50.00"),
    )
    PurchaseGainFactory(
        establishment=establishment,
        offer=ledger.offer,
        period_start=datetime.date(2024, 7, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    half = (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    count, book = build(DataFileKind.HALF_YEARLY_GAINS, [establishment], period=half)
    rows = values(book.worksheets[0])
    assert rows[0] == [
        "Famille d'achat", "Référence de l'offre", "Offre", "Début de période",
        "Fin de période", "Montant de référence", "Montant payé", "Gain",
    ]  # fmt: skip
    assert count == 2
    assert rows[1][0] == "Biomédical"
    assert rows[-1][5:8] == [1500, 1250, 250]


def test_ght_report_has_a_consolidated_sheet_and_one_per_member(january):
    world = january.world
    line(january, establishment=world.support, amount_excl_tax=Decimal("1.00"), line_number=7)
    members = [world.support, world.establishment]
    count, book = build(DataFileKind.MONTHLY_INTERMEDIARY, members, group=True)
    assert book.sheetnames == ["Consolidé GHT", "CHU SUPPORT", "CH DE TEST"]
    consolidated = values(book["Consolidé GHT"])
    assert consolidated[0] == ["Établissement", *MONTHLY_HEADER]
    assert count == 5
    assert sorted(row[0] for row in consolidated[1:6]) == ["CH DE TEST"] * 4 + ["CHU SUPPORT"]
    assert consolidated[-1][13] == 21  # orders: 20 (CH DE TEST) + 1 (support)
    assert len(values(book["CH DE TEST"])) == 6
    assert values(book["CHU SUPPORT"])[-1][12] == 1


def test_cells_are_formatted_for_a_french_reader(january):
    _count, book = build(DataFileKind.MONTHLY_INTERMEDIARY, [january.world.establishment])
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:P5"
    assert sheet.column_dimensions["H"].width == 36
    assert sheet["A2"].number_format == DATE_FORMAT
    assert sheet["L2"].number_format == CURRENCY_FORMAT
    assert sheet["L2"].data_type == "n"
    assert sheet["A1"].font.b
    assert sheet["A6"].value == "Total" and sheet["A6"].font.b


@pytest.mark.parametrize("text", ["=1+1", "+33 1 23", "-2+3", "@SUM(A1)", "\tcmd", "\r=x"])
def test_no_ledger_text_becomes_a_formula(ledger, text):
    line(ledger, label=text, document_number=text)
    _count, book = build(DataFileKind.MONTHLY_INTERMEDIARY, [ledger.world.establishment])
    sheet = book.worksheets[0]
    for cell in (sheet["E2"], sheet["J2"]):
        assert cell.data_type == "s"
        assert cell.value == "'" + text


def test_rows_past_the_limit_continue_on_a_new_sheet(ledger, settings):
    settings.XLSX_SHEET_ROW_LIMIT = 3
    for number in range(1, 8):
        line(ledger, line_number=number, document_number="CMD-1")
    count, book = build(DataFileKind.MONTHLY_INTERMEDIARY, [ledger.world.establishment])
    assert count == 7
    assert len(book.worksheets) == 3
    first, second, third = (values(sheet) for sheet in book.worksheets)
    assert "(suite 2)" in book.sheetnames[1] and "(suite 3)" in book.sheetnames[2]
    assert first[0] == second[0] == third[0] == MONTHLY_HEADER
    assert [row[5] for row in first[1:]] == [1, 2, 3]
    assert [row[5] for row in second[1:]] == [4, 5, 6]
    assert third[1][5] == 7
    assert third[-1][0] == "Total" and third[-1][12] == 700
    assert book.worksheets[1].freeze_panes == "A2"
    assert book.worksheets[1].auto_filter.ref == "A1:P4"


def test_an_establishment_without_lines_gets_an_empty_report_with_its_header(ledger):
    count, book = build(DataFileKind.MONTHLY_INTERMEDIARY, [ledger.world.other])
    assert count == 0
    assert values(book.worksheets[0]) == [MONTHLY_HEADER, ["Total", *[None] * 9, 0, 0, 0, 0, 0, 0]]
