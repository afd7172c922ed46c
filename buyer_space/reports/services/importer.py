"""Import of the ERP's files into the ledger: CSV (UTF-8 or Windows-1252, ``;``, decimal comma)
or XLSX (the first sheet), streamed row by row so that a file of a million lines is never held
in memory.

One file is one transaction: either every line is valid and the file is imported whole, or
nothing is written and the error report lists every refused line (line, column, value, French
message). Lines are upserted on their natural key, so re-importing a file, or one that overlaps
it, updates the lines it already brought instead of adding them again.

On PostgreSQL the valid rows go through ``COPY`` (psycopg 3's ``cursor.copy()``) into a
temporary table, then one ``INSERT … SELECT … ON CONFLICT DO UPDATE`` moves them into the
ledger; elsewhere (SQLite) ``bulk_create(update_conflicts=True)`` writes them in batches.
"""

import codecs
import csv
import datetime
import functools
import io
import operator
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.core.files import File
from django.db import ProgrammingError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from psycopg.copy import QueuedLibpqWriter
from psycopg.errors import CardinalityViolation

from buyer_space.reports.choices import Centre, ImportStatus, LineKind
from buyer_space.reports.models import LedgerImport, LedgerLine, PurchaseGain
from buyer_space.reports.services.columns import (
    GAIN_COLUMNS,
    LEDGER_COLUMNS,
    column_name,
    normalise,
)
from catalogue.models import Holder, OfferPage, PurchaseFamily
from espace_site.xlsx import FORMULA_PREFIXES, neutralise_formula
from membership.establishments.models import Establishment

BATCH_SIZE = 2000
PROGRESS_EVERY = 10_000
MAX_AMOUNT = Decimal("1e12")
QUANTUMS = {"0.01": Decimal("0.01"), "0.001": Decimal("0.001")}
UPSERT_WORK_MEM = "256MB"  # the sort of a million lines' keys, for this transaction only

CENTRES = {normalise(choice.label): choice.value for choice in Centre} | {
    normalise(choice.value): choice.value for choice in Centre
}
KINDS = {normalise(choice.label): choice.value for choice in LineKind} | {
    normalise(choice.value): choice.value for choice in LineKind
}


class FileRejected(Exception):
    """The file as a whole cannot be read (not CSV nor XLSX, no recognisable header…)."""


@dataclass
class ImportResult:
    rows_read: int = 0
    rows_imported: int = 0
    errors: list = field(default_factory=list)  # the first ones, for the result page
    error_count: int = 0
    layout: str = ""

    @property
    def ok(self):
        return self.error_count == 0


class LineError(Exception):
    def __init__(self, column, value, message):
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


# --- Reading ---------------------------------------------------------------------------------


def open_rows(fileobj):
    """The rows of a CSV or XLSX file, as tuples of cells, header first."""
    head = fileobj.read(4)
    fileobj.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _xlsx_rows(fileobj)
    return _csv_rows(fileobj)


def _xlsx_rows(fileobj):
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileRejected(_("Le classeur XLSX ne peut pas être lu.")) from exc
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _detect_encoding(fileobj):
    """UTF-8 (with or without BOM) when every byte decodes as such, else Windows-1252; a file
    with NUL bytes is not text. Reads the file once in chunks, then rewinds it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    first = True
    while chunk := fileobj.read(1 << 20):
        if first and b"\x00" in chunk[:4096]:
            raise FileRejected(_("Le fichier n'est ni un fichier CSV ni un classeur XLSX."))
        first = False
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    fileobj.seek(0)
    return "utf-8-sig" if utf8 else "cp1252"


def _csv_rows(fileobj):
    encoding = _detect_encoding(fileobj)
    text = io.TextIOWrapper(fileobj, encoding=encoding, errors="replace", newline="")
    try:
        yield from csv.reader(text, delimiter=";")
    except csv.Error as exc:
        raise FileRejected(_("Le fichier CSV est mal formé : %(error)s") % {"error": exc}) from exc
    finally:
        if not text.closed:
            text.detach()


# --- Parsing cells ---------------------------------------------------------------------------


def text(value, column, *, required=False, max_length=255):
    if value is None:
        value = ""
    if not isinstance(value, str):
        value = str(value)
    value = value.strip(" \n\xa0")
    if not value:
        if required:
            raise LineError(column, value, _("Valeur obligatoire manquante."))
        return ""
    if value.startswith(FORMULA_PREFIXES):
        raise LineError(
            column, value, _("Une cellule de texte ne peut pas commencer par =, +, -, @.")
        )
    if len(value) > max_length:
        raise LineError(
            column,
            value[:50],
            _("Texte trop long (%(max)s caractères au plus).") % {"max": max_length},
        )
    return value


#: The common spelling of an amount in the ERP's CSV (``-1234,56``), read without clean-up.
PLAIN_AMOUNT = re.compile(r"-?[0-9]{1,12}(?:,[0-9]{1,3})?")


def amount(value, column, *, required=True, places="0.01"):
    if value.__class__ is str and PLAIN_AMOUNT.fullmatch(value):
        return Decimal(value.replace(",", ".", 1)).quantize(QUANTUMS[places])
    if value is None or value == "":
        if required:
            raise LineError(column, "", _("Montant obligatoire manquant."))
        return Decimal(0)
    if isinstance(value, bool):
        raise LineError(column, value, _("Montant illisible."))
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        raw = str(value).strip().replace("\xa0", "").replace("\u202f", "").replace(" ", "")
        raw = raw.removesuffix("€")
        if "," in raw:
            raw = raw.replace(".", "").replace(",", ".")
        try:
            number = Decimal(raw)
        except InvalidOperation:
            raise LineError(
                column, value, _("Montant illisible (attendu par exemple 1 234,56).")
            ) from None
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        raise LineError(column, value, _("Montant hors limites."))
    return number.quantize(QUANTUMS[places])


def date(value, column, *, required=True):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = "" if value is None else str(value).strip()
    if not raw:
        if required:
            raise LineError(column, raw, _("Date obligatoire manquante."))
        return None
    try:
        return _date_text(raw)
    except ValueError:
        raise LineError(column, raw, _("Date illisible (attendu JJ/MM/AAAA).")) from None


@functools.lru_cache(maxsize=4096)
def _date_text(raw):
    """A date spelt ``15/01/2024`` (or ISO); a file has a few hundred distinct ones."""
    if len(raw) == 10 and raw[2] == "/" and raw[5] == "/":
        return datetime.date(int(raw[6:10]), int(raw[3:5]), int(raw[0:2]))
    return datetime.date.fromisoformat(raw[:10])


def integer(value, column):
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raw = "" if value is None else str(value).strip()
        if not raw.isdigit():
            raise LineError(column, raw, _("Nombre entier attendu."))
        number = int(raw)
    if not 0 <= number < 2**31:
        raise LineError(column, value, _("Nombre entier hors limites."))
    return number


# --- Layouts ---------------------------------------------------------------------------------


class Lookups:
    """The catalogue's and the members' keys, read once per file (a few thousand rows)."""

    def __init__(self):
        self.establishments = dict(Establishment.objects.values_list("siret", "pk"))
        self.offers = {
            reference: (pk, family_id)
            for reference, pk, family_id in OfferPage.objects.values_list(
                "reference", "pk", "family_id"
            )
        }
        self.holders = {
            normalise(name): pk for name, pk in Holder.objects.values_list("name", "pk")
        }
        self.known_holders = {}  # the spellings met in the file
        self.families = {}
        for pk, name, slug in PurchaseFamily.objects.values_list("pk", "name", "slug"):
            self.families[normalise(name)] = pk
            self.families[normalise(slug)] = pk

    def establishment(self, value):
        if isinstance(value, int | float) and not isinstance(value, bool):
            siret = str(int(value)).zfill(14)
        else:
            siret = "".join(str(value or "").split())
        if not siret:
            raise LineError("siret", "", _("N° SIRET manquant."))
        try:
            return self.establishments[siret]
        except KeyError:
            raise LineError("siret", siret, _("Établissement inconnu (N° SIRET).")) from None

    def offer(self, value, *, required):
        reference = str(value or "").strip()
        if not reference:
            if required:
                raise LineError("reference_offre", "", _("Référence de l'offre manquante."))
            return None, None
        try:
            return self.offers[reference]
        except KeyError:
            raise LineError(
                "reference_offre", reference, _("Offre inconnue (référence).")
            ) from None

    def holder(self, value):
        try:
            return self.known_holders[value]
        except (KeyError, TypeError):
            pass
        name = text(value, "titulaire", max_length=200)
        if not name:
            return None
        try:
            holder_id = self.holders[normalise(name)]
        except KeyError:
            raise LineError("titulaire", name, _("Titulaire inconnu.")) from None
        self.known_holders[value] = holder_id
        return holder_id

    def family(self, value, default):
        name = text(value, "famille", max_length=120)
        if not name:
            return default
        try:
            return self.families[normalise(name)]
        except KeyError:
            raise LineError("famille", name, _("Famille d'achat inconnue.")) from None


CENTRE_ERROR = gettext_lazy("Centrale inconnue (Intermédiaire, Grossiste ou Location).")
KIND_ERROR = gettext_lazy(
    "Nature inconnue (Devis en cours, Commande validée, Titre à facturer ou Titre facturé)."
)


def choice(value, column, table, message):
    key = normalise(value)
    try:
        return table[key]
    except KeyError:
        raise LineError(column, "" if value is None else str(value), str(message)) from None


class Layout:
    model = None
    columns = ()
    key = ()
    name = ""

    def __init__(self, positions, lookups):
        self.positions = positions  # column name → index in the row
        self.lookups = lookups
        self.width = max(positions.values(), default=-1) + 1
        # A column the file lacks reads the None appended to each row (index -1).
        self.getter = operator.itemgetter(*(positions.get(c.name, -1) for c in self.columns))
        self.choices = {}

    def cells(self, row):
        """The row's cells in the order of ``columns`` (``None`` for a missing one)."""
        values = list(row)
        if len(values) < self.width:
            values.extend([None] * (self.width - len(values)))
        values.append(None)
        return self.getter(values)

    def choice(self, value, column, table, message):
        """A choice's value, known spellings cached (the same few values on every line)."""
        try:
            return self.choices[column, value]
        except (KeyError, TypeError):
            result = choice(value, column, table, message)
            self.choices[column, value] = result
            return result


class LedgerLayout(Layout):
    model = LedgerLine
    columns = LEDGER_COLUMNS
    key = ("kind", "document_number", "line_number")
    name = "grand-livre"
    field_names = (
        "establishment_id",
        "offer_id",
        "holder_id",
        "centre",
        "kind",
        "document_number",
        "line_number",
        "document_date",
        "due_date",
        "label",
        "quantity",
        "amount_excl_tax",
        "amount_incl_tax",
    )

    def parse(self, row):
        (siret, reference, holder, centre, kind, number, line_number, document_date, due_date,
         label, quantity, excl_tax, incl_tax) = self.cells(row)  # fmt: skip
        lookups = self.lookups
        offer_id, _family = lookups.offer(reference, required=False)
        return (
            lookups.establishment(siret),
            offer_id,
            lookups.holder(holder),
            self.choice(centre, "centrale", CENTRES, CENTRE_ERROR),
            self.choice(kind, "nature", KINDS, KIND_ERROR),
            text(number, "numero_document", required=True, max_length=40),
            integer(line_number, "numero_ligne"),
            date(document_date, "date_document"),
            date(due_date, "date_echeance", required=False),
            text(label, "libelle"),
            amount(quantity, "quantite", required=False, places="0.001"),
            amount(excl_tax, "montant_ht"),
            amount(incl_tax, "montant_ttc"),
        )


class GainLayout(Layout):
    model = PurchaseGain
    columns = GAIN_COLUMNS
    key = ("establishment_id", "offer_id", "period_start")
    name = "gains-achats"
    field_names = (
        "establishment_id",
        "family_id",
        "offer_id",
        "period_start",
        "period_end",
        "reference_amount",
        "amount_paid",
        "gain",
    )

    def parse(self, row):
        siret, family, reference, start, end, reference_amount, paid, gain = self.cells(row)
        lookups = self.lookups
        establishment_id = lookups.establishment(siret)
        offer_id, offer_family = lookups.offer(reference, required=True)
        family_id = lookups.family(family, offer_family)
        start = date(start, "debut_periode")
        end = date(end, "fin_periode")
        if end < start:
            raise LineError(
                "fin_periode", f"{end:%d/%m/%Y}", _("La fin de période précède son début.")
            )
        reference = amount(reference_amount, "montant_reference")
        paid = amount(paid, "montant_paye")
        gain = reference - paid if gain in (None, "") else amount(gain, "gain")
        return (establishment_id, family_id, offer_id, start, end, reference, paid, gain)


def choose_layout(header, lookups):
    names = [column_name(cell) for cell in header]
    positions = {}
    for index, name in enumerate(names):
        positions.setdefault(name, index)
    for layout, marker in ((LedgerLayout, "montant_ht"), (GainLayout, "montant_reference")):
        if marker in positions:
            missing = [c.name for c in layout.columns if c.required and c.name not in positions]
            if missing:
                raise FileRejected(
                    _("Colonnes obligatoires manquantes : %(columns)s.")
                    % {"columns": ", ".join(missing)}
                )
            return layout(positions, lookups)
    raise FileRejected(
        _(
            "En-tête non reconnu : la première ligne doit nommer les colonnes du grand livre "
            "(… montant_ht, montant_ttc) ou des gains achats (… montant_reference, montant_paye)."
        )
    )


# --- Writing ---------------------------------------------------------------------------------


class PostgresWriter:
    """``COPY`` into a temporary table, then one upsert into the ledger (last line wins when a
    key appears twice in the file)."""

    def __init__(self, layout):
        self.layout = layout
        self.table = layout.model._meta.db_table
        self.columns = ", ".join(layout.field_names)
        self.cursor = connection.cursor()
        self.cursor.execute("DROP TABLE IF EXISTS ledger_import_rows")
        self.cursor.execute(
            f"CREATE TEMP TABLE ledger_import_rows ON COMMIT DROP AS "  # noqa: S608
            f"SELECT 0 AS line_no, {self.columns} FROM {self.table} WITH NO DATA"
        )
        # The rows reach the server from a thread of psycopg's own, so that PostgreSQL takes
        # them in while the next ones are parsed (the two sides use a core each).
        self._copy_cm = self.cursor.copy(
            f"COPY ledger_import_rows (line_no, {self.columns}) FROM STDIN",
            writer=QueuedLibpqWriter(self.cursor.cursor),
        )
        self.copy = self._copy_cm.__enter__()

    def add(self, line_no, values):
        self.copy.write_row((line_no, *values))

    def finish(self, abort):
        self._copy_cm.__exit__(None, None, None)
        if abort:
            self.cursor.close()
            return 0
        key = ", ".join(self.layout.key)
        updates = ", ".join(
            f"{name} = EXCLUDED.{name}" for name in self.layout.field_names if name not in key
        )
        upsert = (
            f"INSERT INTO {self.table} ({self.columns}) {{select}} "  # noqa: S608
            f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
        )
        # A file names each key once, as a rule: its rows go in as they are. When a key comes
        # twice, PostgreSQL refuses to update a row twice in one statement; the rows are then
        # sorted so that the last line of each key wins (the sort in memory, not on disk).
        try:
            with transaction.atomic():
                self.cursor.execute(
                    upsert.format(select=f"SELECT {self.columns} FROM ledger_import_rows")  # noqa: S608
                )
        except ProgrammingError as error:
            if not isinstance(error.__cause__, CardinalityViolation):
                raise
            self.cursor.execute(f"SET LOCAL work_mem = '{UPSERT_WORK_MEM}'")
            self.cursor.execute(
                upsert.format(
                    select=f"SELECT DISTINCT ON ({key}) {self.columns} "  # noqa: S608
                    f"FROM ledger_import_rows ORDER BY {key}, line_no DESC"
                )
            )
        count = self.cursor.rowcount
        self.cursor.close()
        return count


class BatchWriter:
    """``bulk_create(update_conflicts=True)`` in batches (SQLite and any other database)."""

    def __init__(self, layout):
        self.layout = layout
        self.model = layout.model
        self.batch = []
        self.count = 0
        key = set(layout.key)
        self.update_fields = [
            name.removesuffix("_id") for name in layout.field_names if name not in key
        ]
        self.unique_fields = [name.removesuffix("_id") for name in layout.key]

    def add(self, line_no, values):
        self.batch.append(self.model(**dict(zip(self.layout.field_names, values, strict=True))))
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self):
        if self.batch:
            self.model.objects.bulk_create(
                self.batch,
                update_conflicts=True,
                unique_fields=self.unique_fields,
                update_fields=self.update_fields,
            )
            self.count += len(self.batch)
            self.batch = []

    def finish(self, abort):
        if abort:
            self.batch = []
            return 0
        self.flush()
        return self.count


def make_writer(layout):
    if connection.vendor == "postgresql":
        return PostgresWriter(layout)
    return BatchWriter(layout)


# --- The import ------------------------------------------------------------------------------

#: How many errors the result page shows (the downloadable report has them all).
SHOWN_ERRORS = 50


class ErrorReport:
    """The refused lines, written as they come to a temporary CSV (UTF-8 with BOM, ``;``: it
    opens in Excel and LibreOffice)."""

    def __init__(self):
        # Kept open for the report's lifetime: ErrorReport is the context manager that closes it.
        self.file = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115
        self.text = io.TextIOWrapper(self.file, encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.text, delimiter=";")
        self.writer.writerow([_("Ligne"), _("Colonne"), _("Valeur"), _("Erreur")])
        self.count = 0
        self.first = []

    def add(self, line, column, value, message):
        value = neutralise_formula("" if value is None else str(value))
        self.writer.writerow([line, column, value, message])
        self.count += 1
        if len(self.first) < SHOWN_ERRORS:
            self.first.append((line, column, value, message))

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.file.close()

    def content(self):
        self.text.flush()
        self.text.detach()
        self.file.seek(0)
        return self.file


def progress_key(import_id):
    return f"reports:ledger-import:{import_id}:rows"


def import_file(fileobj, *, ledger_import=None):
    """Import one file (binary, seekable); returns an :class:`ImportResult`. With
    ``ledger_import`` its progress goes to the cache and its result to the record."""
    with ErrorReport() as report:
        return _import(fileobj, ledger_import, report)


def _import(fileobj, ledger_import, report):
    result = ImportResult()
    progress = progress_key(ledger_import.pk) if ledger_import else None
    try:
        with transaction.atomic():
            rows = open_rows(fileobj)
            try:
                header = next(rows)
            except StopIteration:
                raise FileRejected(_("Le fichier est vide.")) from None
            layout = choose_layout(header, Lookups())
            result.layout = layout.name
            writer = make_writer(layout)
            try:
                _read_lines(rows, layout, writer, report, result, progress)
            except BaseException:
                writer.finish(abort=True)
                raise
            result.rows_imported = writer.finish(abort=bool(report.count))
            if report.count:
                transaction.set_rollback(True)
                result.rows_imported = 0
    except FileRejected as rejected:
        report.add(1 if result.rows_read == 0 else "", "", "", str(rejected))
    except UnicodeDecodeError:
        report.add("", "", "", _("Le fichier n'est ni un fichier CSV ni un classeur XLSX."))
    result.error_count = report.count
    result.errors = report.first
    if ledger_import is not None:
        _record(ledger_import, result, report)
    return result


def _read_lines(rows, layout, writer, report, result, progress):
    parse, add = layout.parse, writer.add
    line_no = 1
    for row in rows:
        line_no += 1
        if not any(cell not in (None, "") for cell in row):
            continue
        result.rows_read += 1
        try:
            values = parse(row)
        except LineError as error:
            report.add(line_no, error.column, error.value, error.message)
            continue
        if not report.count:
            add(line_no, values)
        if progress and result.rows_read % PROGRESS_EVERY == 0:
            cache.set(progress, result.rows_read, 3600)


def _record(ledger_import, result, report):
    ledger_import.rows_read = result.rows_read
    ledger_import.rows_imported = result.rows_imported
    ledger_import.error_count = result.error_count
    ledger_import.finished_at = timezone.now()
    if result.ok:
        ledger_import.status = ImportStatus.DONE
        ledger_import.message = _("%(count)s lignes importées (%(layout)s).") % {
            "count": result.rows_imported,
            "layout": result.layout,
        }
    else:
        ledger_import.status = ImportStatus.REJECTED
        ledger_import.message = _(
            "Fichier refusé : %(count)s ligne(s) en erreur, rien n'a été importé."
        ) % {"count": result.error_count}
        ledger_import.error_report.save(
            f"erreurs-import-{ledger_import.pk}.csv", File(report.content()), save=False
        )
    ledger_import.save()
    cache.delete(progress_key(ledger_import.pk))


def run_import(import_id):
    """Import the file of a :class:`LedgerImport` uploaded through the admin (the task's body)."""
    ledger_import = LedgerImport.objects.get(pk=import_id)
    if ledger_import.status != ImportStatus.PENDING:
        return ledger_import
    ledger_import.status = ImportStatus.RUNNING
    ledger_import.save(update_fields=["status"])
    try:
        with ledger_import.file.open("rb") as fileobj:
            import_file(fileobj, ledger_import=ledger_import)
    except Exception as exc:
        ledger_import.status = ImportStatus.FAILED
        ledger_import.message = _("L'import a échoué : %(error)s") % {"error": exc}
        ledger_import.finished_at = timezone.now()
        ledger_import.save()
        raise
    return ledger_import


def import_path(path, *, user=None):
    """``manage.py import_ledger FILE``: import a file of the ERP's drop, recorded like an upload
    (without a copy of the file)."""
    ledger_import = LedgerImport.objects.create(
        source_name=str(path)[-255:], status=ImportStatus.RUNNING, created_by=user
    )
    with open(path, "rb") as fileobj:
        result = import_file(fileobj, ledger_import=ledger_import)
    return ledger_import, result
