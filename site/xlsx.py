"""Excel workbooks written in openpyxl's write-only mode: rows go to disk as they come, so a
report of a million lines takes the memory of one row. Used by the reports and by the xlsx
exports of *Mon espace*.

Every sheet has French headers, a frozen header row, an autofilter, column widths, dates as
``15/01/2024``, amounts as numbers in a French currency format and a totals row; past the row
limit (``XLSX_SHEET_ROW_LIMIT``, by default Excel's 1,048,576 rows less the header and the
totals) the data goes on on a new sheet, *… (suite 2)*. No cell is
ever a formula: a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written with a leading ``'``.
"""

import datetime
import tempfile
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.http import FileResponse
from django.utils.cache import patch_cache_control
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

# Cells a spreadsheet would run as a formula (or a DDE payload) when the file is opened.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
CURRENCY_FORMAT = '#,##0.00\\ "€";\\-#,##0.00\\ "€"'
QUANTITY_FORMAT = "#,##0.###"
SHEET_TITLE_MAX = 31
EXCEL_DATA_ROWS = 1_048_574
# Day 0 of Excel's 1900 date system as openpyxl counts it (the 1900 leap-year bug included), so
# that any date after 28 February 1900 gets the number Excel and LibreOffice show as that date.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
INVALID_TITLE_CHARACTERS = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


@dataclass(frozen=True)
class ReportColumn:
    header: str
    type: str = "text"  # text, date, amount, integer, quantity
    width: float = 14
    total: bool = False


def excel_serial(value):
    """A date as the day number a spreadsheet stores (1 is 1 January 1900; the date format shows
    it as ``15/01/2024``): a plain number that openpyxl writes without converting it."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return (value - EXCEL_EPOCH).days


def neutralise_formula(value):
    """``=1+2`` → ``'=1+2``: a text cell that no spreadsheet runs; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_text(value):
    """A cell text that no spreadsheet will read as a formula (nor refuse)."""
    if value is None:
        return None
    value = str(value)
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise_formula(value)


def sheet_title(name, taken):
    """A valid, unique sheet title (31 characters at most, none of ``[]:*?/\\``)."""
    base = " ".join(str(name).translate(INVALID_TITLE_CHARACTERS).split()).strip("'")
    base = base[:SHEET_TITLE_MAX] or "Feuille"
    title, number = base, 1
    while title.lower() in taken:
        number += 1
        suffix = f" ({number})"
        title = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
    taken.add(title.lower())
    return title


class ReportWorkbook:
    """A write-only workbook whose sheets are :class:`ReportSheet`."""

    def __init__(self):
        self.workbook = Workbook(write_only=True)
        self.titles = set()
        self.sheets = []
        self.header_font = Font(bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", start_color="1F4E79")
        self.total_font = Font(bold=True)

    def add_sheet(self, name, columns, *, totals=True):
        sheet = ReportSheet(self, name, columns, totals=totals)
        self.sheets.append(sheet)
        return sheet

    def save(self, target):
        for sheet in self.sheets:
            sheet.close()
        if not self.sheets:
            self.workbook.create_sheet("Rapport")
        self.workbook.save(target)


class ReportSheet:
    """One logical sheet: header, rows, totals; continued on new sheets past the row limit."""

    def __init__(self, book, name, columns, row_limit=None, *, totals=True):
        self.book = book
        self.with_totals = totals
        self.name = str(name)
        self.columns = columns
        self.row_limit = row_limit or getattr(settings, "XLSX_SHEET_ROW_LIMIT", EXCEL_DATA_ROWS)
        self.totals = [Decimal(0) if column.total else None for column in columns]
        self.total_indexes = [i for i, column in enumerate(columns) if column.total]
        self.text_indexes = [i for i, column in enumerate(columns) if column.type == "text"]
        self.date_indexes = [i for i, column in enumerate(columns) if column.type == "date"]
        self.part = 0
        self.rows_in_part = 0
        self.rows = 0
        self.worksheet = None
        self._open_part()

    def _styled(self, worksheet, column):
        cell = WriteOnlyCell(worksheet)
        if column.type == "date":
            cell.number_format = DATE_FORMAT
        elif column.type == "amount":
            cell.number_format = CURRENCY_FORMAT
        elif column.type == "quantity":
            cell.number_format = QUANTITY_FORMAT
        else:
            return None
        return cell

    def _open_part(self):
        if self.worksheet is not None:
            self._finish_part()
        self.part += 1
        title = self.name if self.part == 1 else f"{self.name[:20]} (suite {self.part})"
        worksheet = self.book.workbook.create_sheet(sheet_title(title, self.book.titles))
        worksheet.freeze_panes = "A2"
        for index, column in enumerate(self.columns, 1):
            worksheet.column_dimensions[get_column_letter(index)].width = column.width
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(worksheet, value=column.header)
            cell.font = self.book.header_font
            cell.fill = self.book.header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        worksheet.append(header)
        self.worksheet = worksheet
        self.templates = [self._styled(worksheet, column) for column in self.columns]
        self.rows_in_part = 0

    def _finish_part(self):
        last = get_column_letter(len(self.columns))
        self.worksheet.auto_filter.ref = f"A1:{last}{self.rows_in_part + 1}"

    def append(self, values):
        """Append one row of values, in column order (``None`` leaves a cell empty)."""
        if self.rows_in_part >= self.row_limit:
            self._open_part()
        row = list(values)
        for index in self.text_indexes:
            value = row[index]
            if value is not None:
                row[index] = safe_text(value)
        for index in self.date_indexes:
            value = row[index]
            if value is not None:
                row[index] = excel_serial(value)
        totals = self.totals
        for index in self.total_indexes:
            value = row[index]
            if value is not None:
                totals[index] += value
        templates = self.templates
        for index, template in enumerate(templates):
            if template is not None and row[index] is not None:
                template.value = row[index]
                row[index] = template
        self.worksheet.append(row)
        self.rows_in_part += 1
        self.rows += 1

    def close(self):
        if self.worksheet is None:
            return
        self._finish_part()
        if not self.with_totals:
            self.worksheet = None
            return
        row = []
        for index, column in enumerate(self.columns):
            if index == 0:
                value = "Total"
            elif column.total:
                value = self.totals[index]
            else:
                value = None
            cell = WriteOnlyCell(self.worksheet, value=value)
            cell.font = self.book.total_font
            if column.total:
                cell.number_format = CURRENCY_FORMAT if column.type == "amount" else QUANTITY_FORMAT
            row.append(cell)
        self.worksheet.append(row)
        self.worksheet = None


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename, name, columns, rows):
    """A one-sheet export (no totals) of ``rows`` as a download, never cached."""
    book = ReportWorkbook()
    sheet = book.add_sheet(name, columns, totals=False)
    for row in rows:
        sheet.append(row)
    target = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response once sent)
    book.save(target)
    target.seek(0)
    response = FileResponse(
        target, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
