"""The ledger import: CSV (UTF-8, Windows-1252) and XLSX, every kind of bad line reported with
its line, column, value and French message, nothing imported from a file with errors, and
re-imports that update instead of duplicating."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from buyer_space.reports.choices import Centre, ImportStatus, LineKind
from buyer_space.reports.models import LedgerImport, LedgerLine, PurchaseGain
from buyer_space.reports.services import importer
from buyer_space.reports.services.importer import import_file, import_path
from tests.buyer_space.reports.conftest import GAIN_HEADER, csv_bytes, xlsx_bytes
from tests.factories.catalogue import (
    HolderFactory,
    OfferPageFactory,
    PurchaseFamilyFactory,
    SectorPageFactory,
)
from tests.factories.membership import EstablishmentFactory

pytestmark = pytest.mark.django_db


def run(content):
    return import_file(io.BytesIO(content))


def test_csv_utf8_lines_are_imported_with_french_numbers_and_dates(ledger):
    result = run(
        csv_bytes(
            [
                ledger.line(),
                ledger.line(
                    numero_ligne="2",
                    nature="Titre facturé",
                    centrale="grossiste",
                    montant_ht="12,3",
                    montant_ttc="14,76",
                    date_echeance="2024-02-15",
                    titulaire="",
                    libelle="Réactifs « spéciaux »",
                ),
            ]
        )
    )
    assert result.ok, result.errors
    assert result.rows_imported == 2
    first, second = LedgerLine.objects.order_by("line_number")
    assert first.establishment == ledger.world.establishment
    assert first.offer_id == ledger.offer.pk
    assert first.holder == ledger.holder
    assert (first.centre, first.kind) == (Centre.INTERMEDIARY, LineKind.ORDER)
    assert first.document_date == datetime.date(2024, 1, 15)
    assert first.amount_excl_tax == Decimal("1234.50")
    assert first.quantity == Decimal("10")
    assert (second.kind, second.centre) == (LineKind.INVOICED, Centre.WHOLESALE)
    assert second.holder is None
    assert second.due_date == datetime.date(2024, 2, 15)
    assert second.label == "Réactifs « spéciaux »"


def test_csv_windows_1252_is_read(ledger):
    content = csv_bytes([ledger.line(libelle="Sérum physiologique – 0,9 %")], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    assert run(content).ok
    assert LedgerLine.objects.get().label == "Sérum physiologique – 0,9 %"


def test_csv_with_bom_and_french_headers(ledger):
    header = ["N° SIRET", "Référence offre", "Titulaire", "Centrale", "Nature", "Numéro document",
              "Numéro ligne", "Date document", "Date échéance", "Libellé", "Quantité",
              "Montant HT", "Montant TTC"]  # fmt: skip
    content = csv_bytes([ledger.line()]).split(b"\r\n", 1)[1]
    content = ("\ufeff" + ";".join(header) + "\r\n").encode() + content
    assert run(content).ok
    assert LedgerLine.objects.count() == 1


def test_xlsx_lines_are_imported_with_native_cells(ledger):
    rows = [
        ledger.line(
            numero_ligne=1,
            date_document=datetime.datetime(2024, 1, 15),
            montant_ht=1234.5,
            montant_ttc=1481.4,
            quantite=3,
        ),
        ledger.line(numero_ligne=2, montant_ht="99,90"),
    ]
    result = run(xlsx_bytes(rows))
    assert result.ok, result.errors
    line = LedgerLine.objects.get(line_number=1)
    assert line.amount_excl_tax == Decimal("1234.50")
    assert line.document_date == datetime.date(2024, 1, 15)
    assert LedgerLine.objects.get(line_number=2).amount_excl_tax == Decimal("99.90")


def test_purchase_gains_are_imported_with_the_offers_family_and_a_computed_gain(ledger):
    rows = [
        {
            "siret": ledger.world.establishment.siret,
            "reference_offre": ledger.offer.reference,
            "debut_periode": "01/01/2024",
            "fin_periode": "30/06/2024",
            "montant_reference": "10 000,00",
            "montant_paye": "8 500,00",
        }
    ]
    result = run(csv_bytes(rows, header=GAIN_HEADER))
    assert result.ok, result.errors
    gain = PurchaseGain.objects.get()
    assert gain.family == ledger.world.families[0]
    assert gain.gain == Decimal("1500.00")


BAD_LINES = [
    ({"siret": "12345678901234"}, "siret", "12345678901234", "Établissement inconnu"),
    ({"reference_offre": "2099-R999"}, "reference_offre", "2099-R999", "Offre inconnue"),
    ({"titulaire": "Inconnu SA"}, "titulaire", "Inconnu SA", "Titulaire inconnu"),
    ({"centrale": "Marché noir"}, "centrale", "Marché noir", "Centrale inconnue"),
    ({"nature": "Avoir"}, "nature", "Avoir", "Nature inconnue"),
    ({"numero_ligne": "un"}, "numero_ligne", "un", "Nombre entier attendu"),
    ({"date_document": "31/02/2024"}, "date_document", "31/02/2024", "Date illisible"),
    ({"date_document": ""}, "date_document", "", "Date obligatoire manquante"),
    ({"montant_ht": "12,3,4"}, "montant_ht", "12,3,4", "Montant illisible"),
    ({"montant_ttc": "douze"}, "montant_ttc", "douze", "Montant illisible"),
    ({"montant_ht": "1e40"}, "montant_ht", "1e40", "Montant hors limites"),
    ({"libelle": '=HYPERLINK("http://x")'}, "libelle", "'=HYPERLINK", "ne peut pas commencer"),
    ({"libelle": "@SUM(A1)"}, "libelle", "'@SUM(A1)", "ne peut pas commencer"),
    ({"numero_document": ""}, "numero_document", "", "Valeur obligatoire manquante"),
]


@pytest.mark.parametrize(("overrides", "column", "value", "message"), BAD_LINES)
def test_each_bad_line_is_reported_and_nothing_is_imported(
    ledger, overrides, column, value, message
):
    content = csv_bytes([ledger.line(), ledger.line(**{"numero_ligne": "2", **overrides})])
    ledger_import = LedgerImport.objects.create(source_name="erp.csv")
    result = import_file(io.BytesIO(content), ledger_import=ledger_import)
    assert not result.ok
    assert result.error_count == 1
    line, reported_column, reported_value, reported_message = result.errors[0]
    assert (line, reported_column) == (3, column)
    assert reported_value.startswith(value)
    assert message in reported_message
    assert LedgerLine.objects.count() == 0
    ledger_import.refresh_from_db()
    assert ledger_import.status == ImportStatus.REJECTED
    with ledger_import.error_report.open("rb") as report:
        rows = list(csv.reader(io.StringIO(report.read().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Ligne", "Colonne", "Valeur", "Erreur"]
    assert rows[1][:2] == ["3", column]
    assert message in rows[1][3]


def test_every_bad_line_of_a_file_is_listed(ledger):
    content = csv_bytes(
        [
            ledger.line(siret="00000000000000"),
            ledger.line(numero_ligne="2"),
            ledger.line(numero_ligne="3", montant_ht="x"),
        ]
    )
    result = run(content)
    assert [error[0] for error in result.errors] == [2, 4]
    assert LedgerLine.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\x00\x01binary", "ni un fichier CSV ni un classeur XLSX"),
        (b"PK\x03\x04garbage-not-a-zip", "ne peut pas être lu"),
        (b"", "vide"),
        (b"nom;prenom\nDupont;Jean\n", "En-tête non reconnu"),
        (b"siret;montant_ht\n1;2\n", "Colonnes obligatoires manquantes"),
    ],
)
def test_a_file_that_is_not_a_ledger_is_refused_with_a_message(ledger, content, message):
    result = run(content)
    assert not result.ok
    assert message in result.errors[0][3]
    assert LedgerLine.objects.count() == 0


def test_reimporting_the_same_or_an_overlapping_file_updates_the_lines(ledger):
    first = [ledger.line(numero_ligne=str(n)) for n in (1, 2, 3)]
    assert run(csv_bytes(first)).ok
    assert run(csv_bytes(first)).ok
    assert LedgerLine.objects.count() == 3
    overlapping = [ledger.line(numero_ligne="3", montant_ht="5,00"), ledger.line(numero_ligne="4")]
    assert run(csv_bytes(overlapping)).ok
    assert LedgerLine.objects.count() == 4
    assert LedgerLine.objects.get(line_number=3).amount_excl_tax == Decimal("5.00")


def test_a_key_twice_in_one_file_keeps_the_last_line(ledger):
    rows = [ledger.line(montant_ht="1,00"), ledger.line(montant_ht="2,00")]
    assert run(csv_bytes(rows)).ok
    assert LedgerLine.objects.get().amount_excl_tax == Decimal("2.00")


def test_a_rejected_file_leaves_the_ledger_as_it_was(ledger):
    assert run(csv_bytes([ledger.line(montant_ht="1,00")])).ok
    rows = [ledger.line(montant_ht="9,00"), ledger.line(numero_ligne="2", nature="?")]
    assert not run(csv_bytes(rows)).ok
    assert LedgerLine.objects.get().amount_excl_tax == Decimal("1.00")


def test_an_error_while_writing_rolls_the_whole_file_back(ledger, monkeypatch):
    """A failure after some batches were written (the database going away…) leaves nothing."""
    monkeypatch.setattr(importer, "BATCH_SIZE", 2)
    rows = [ledger.line(numero_ligne=str(n)) for n in range(1, 8)]
    rows.append({**ledger.line(numero_ligne="8"), "siret": ledger.world.other.siret})
    calls = []
    original = importer.Lookups.establishment

    def failing(self, value):
        calls.append(value)
        if len(calls) == 8:
            raise RuntimeError("connexion perdue")
        return original(self, value)

    monkeypatch.setattr(importer.Lookups, "establishment", failing)
    with pytest.raises(RuntimeError):
        run(csv_bytes(rows))
    assert LedgerLine.objects.count() == 0


def test_the_command_imports_a_file_of_the_nightly_drop(ledger, tmp_path):
    path = tmp_path / "grand-livre.csv"
    path.write_bytes(csv_bytes([ledger.line(), ledger.line(numero_ligne="2")]))
    out = io.StringIO()
    call_command("import_ledger", str(path), stdout=out)
    assert "2 lignes importées" in out.getvalue()
    assert LedgerLine.objects.count() == 2
    assert LedgerImport.objects.get().status == ImportStatus.DONE


def test_the_command_fails_on_a_rejected_file(ledger, tmp_path):
    path = tmp_path / "grand-livre.csv"
    path.write_bytes(csv_bytes([ledger.line(nature="?")]))
    with pytest.raises(CommandError, match="1 ligne"):
        call_command("import_ledger", str(path), stdout=io.StringIO())


def test_import_path_records_the_import(ledger, tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(csv_bytes([ledger.line()]))
    ledger_import, result = import_path(path)
    assert result.ok and ledger_import.rows_imported == 1


@pytest.mark.postgres
def test_postgres_import_goes_through_copy(ledger):
    assert connection.vendor == "postgresql"
    queries = []

    def capture(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        assert run(csv_bytes([ledger.line(), ledger.line(numero_ligne="2")])).ok
    assert any("ON CONFLICT" in sql and "ledger_import_rows" in sql for sql in queries)
    assert LedgerLine.objects.count() == 2


def test_the_sample_files_of_the_repository_import(page_tree):
    """The documented samples (buyer_space/reports/samples/) are valid files."""
    EstablishmentFactory(siret="26000005000013", name="CH DE TEST")
    family = PurchaseFamilyFactory(name="Biomédical", slug="biomedical")
    sector = SectorPageFactory(parent=page_tree["catalogue"], family=family)
    for reference in ("2023-R087-000-000-0000000", "2021-058-007-000-00000000"):
        OfferPageFactory(parent=sector, reference=reference)
    for name in ("BIMPLI", "UP COOP", "CEFLA"):
        HolderFactory(name=name)
    samples = Path(__file__).resolve().parents[3] / "buyer_space" / "reports" / "samples"
    for sample, expected in (("grand-livre-exemple.csv", 6), ("gains-achats-exemple.csv", 2)):
        result = import_file(io.BytesIO((samples / sample).read_bytes()))
        assert result.ok, result.errors
        assert result.rows_imported == expected
    assert PurchaseGain.objects.get(offer__reference="2021-058-007-000-00000000").gain == Decimal(
        "3100.00"
    )
