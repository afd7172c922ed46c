"""The reports and the ledger import against their yardsticks (issue 11).

Run from the project folder (XlsxWriter is a benchmark-only dependency: ``pip install -e
".[bench]"``), on PostgreSQL::

    createdb -h 127.0.0.1 -U postgres espace_acheteur_bench_reports
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/espace_acheteur_bench_reports \\
        .venv/bin/python benchmarks/bench_reports.py [--lines 1000000] [--write-readme]

Each measure runs in a child process of its own, so that its peak RSS (``ru_maxrss``) is its
own:

* **writing**: the same rows (those a monthly report of one establishment has: 16 columns,
  dates, amounts, texts) written by the report's writer (openpyxl, write-only) and by XlsxWriter
  in ``constant_memory`` mode with the same formats (X), at 200,000 and at the full size;
* **import**: a CSV of the ERP (UTF-8, ``;``, decimal comma) of that many lines imported into
  PostgreSQL through the importer (``COPY`` into a temporary table, then one upsert);
* **whole task**: the report of the establishment built from the imported ledger
  (``write_report``: the lines read with a server-side cursor, ``.iterator()``), at 200,000
  lines (another establishment) and at the full size.
"""

import argparse
import datetime
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
VAR_DIR = BASE_DIR / "var" / "bench-reports"
SMALL = 200_000
SIRET_BIG = "26999999900011"
SIRET_SMALL = "26999999800012"
JANUARY = (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))


def configure():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "espace_site.settings.dev")
    os.environ["VAR_DIR"] = str(VAR_DIR)
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- The rows --------------------------------------------------------------------------------


def sample_rows(count):
    """``count`` rows shaped like a monthly report's (a cycle of 1,000 distinct rows)."""
    base = []
    for n in range(1000):
        day = datetime.date(2024, 1, 1 + n % 31)
        amounts = [None, None, None, None]
        amounts[n % 4] = Decimal(f"{n * 7 % 100000}.{n % 100:02d}")
        base.append(
            (
                day,
                day + datetime.timedelta(days=30),
                "Intermédiaire",
                ("Devis en cours", "Commande validée", "Titre à facturer", "Titre facturé")[n % 4],
                f"CMD-{n:08d}",
                n % 50 + 1,
                f"2024-R{n % 40:03d}-000-000-0000000",
                f"Offre de la centrale n° {n % 40}",
                f"Titulaire {n % 12} SAS",
                f"Libellé de la ligne {n}",
                Decimal(n % 20 + 1),
                *amounts,
                Decimal(f"{n * 9 % 100000}.{n % 100:02d}"),
            )
        )
    return itertools.islice(itertools.cycle(base), count)


def write_openpyxl(path, count):
    from buyer_space.reports.services.reports import LINE_COLUMNS
    from espace_site.xlsx import ReportWorkbook

    book = ReportWorkbook()
    sheet = book.add_sheet("Rapport", LINE_COLUMNS)
    append = sheet.append
    for row in sample_rows(count):
        append(row)
    book.save(path)


def write_xlsxwriter(path, count):
    """X: the same sheet with XlsxWriter in constant_memory mode (same formats, widths,
    frozen header, autofilter, totals)."""
    import xlsxwriter

    from buyer_space.reports.services.reports import LINE_COLUMNS
    from espace_site.xlsx import CURRENCY_FORMAT, DATE_FORMAT

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Rapport")
    header = book.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79"})
    date = book.add_format({"num_format": DATE_FORMAT})
    money = book.add_format({"num_format": CURRENCY_FORMAT})
    quantity = book.add_format({"num_format": "#,##0.###"})
    formats = {"date": date, "amount": money, "quantity": quantity}
    for index, column in enumerate(LINE_COLUMNS):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, column.header, header)
    sheet.freeze_panes(1, 0)
    writers = []
    for column in LINE_COLUMNS:
        if column.type == "date":
            writers.append(lambda r, c, v, f=date: sheet.write_datetime(r, c, v, f))
        elif column.type in ("amount", "quantity"):
            fmt = formats[column.type]
            writers.append(lambda r, c, v, f=fmt: sheet.write_number(r, c, v, f))
        elif column.type == "integer":
            writers.append(sheet.write_number)
        else:
            writers.append(sheet.write_string)
    totals = [Decimal(0)] * len(LINE_COLUMNS)
    total_indexes = [i for i, column in enumerate(LINE_COLUMNS) if column.total]
    row_index = 0
    for row in sample_rows(count):
        row_index += 1
        for index, value in enumerate(row):
            if value is not None:
                writers[index](row_index, index, value)
        for index in total_indexes:
            if row[index] is not None:
                totals[index] += row[index]
    sheet.write_string(row_index + 1, 0, "Total")
    for index in total_indexes:
        sheet.write_number(row_index + 1, index, totals[index], money)
    sheet.autofilter(0, 0, row_index, len(LINE_COLUMNS) - 1)
    book.close()


# --- The ledger in PostgreSQL ----------------------------------------------------------------


def ensure_catalogue():
    from django.core.management import call_command
    from wagtail.models import Page

    from catalogue.choices import AccessMode
    from catalogue.models import Holder, OfferPage
    from membership.establishments.models import Establishment

    call_command("migrate", verbosity=0, interactive=False)
    for siret, name in ((SIRET_BIG, "CHU BENCH"), (SIRET_SMALL, "CH BENCH")):
        Establishment.objects.get_or_create(
            siret=siret, defaults={"name": name, "postcode": "75001", "city": "Paris"}
        )
    root = Page.get_first_root_node()
    for n in range(40):
        reference = f"2024-R{n:03d}-000-000-0000000"
        if not OfferPage.objects.filter(reference=reference).exists():
            root.add_child(
                instance=OfferPage(
                    title=f"Offre de la centrale n° {n}",
                    slug=f"bench-offre-{n}",
                    reference=reference,
                    summary="Offre du banc d'essai.",
                    start_date=datetime.date(2024, 1, 1),
                    end_date=datetime.date(2099, 1, 1),
                    access_mode=AccessMode.INTERMEDIARY,
                )
            )
    for n in range(12):
        Holder.objects.get_or_create(name=f"Titulaire {n} SAS")


def write_csv(path, count, siret, prefix):
    kinds = ("Devis en cours", "Commande validée", "Titre à facturer", "Titre facturé")
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(
            "siret;reference_offre;titulaire;centrale;nature;numero_document;numero_ligne;"
            "date_document;date_echeance;libelle;quantite;montant_ht;montant_ttc\r\n"
        )
        for n in range(count):
            out.write(
                f"{siret};2024-R{n % 40:03d}-000-000-0000000;Titulaire {n % 12} SAS;"
                f"Intermédiaire;{kinds[n % 4]};{prefix}-{n // 10:08d};{n % 10 + 1};"
                f"{1 + n % 31:02d}/01/2024;{1 + n % 28:02d}/02/2024;Libellé de la ligne {n};"
                f"{n % 20 + 1};{n * 7 % 100000},{n % 100:02d};{n * 9 % 100000},{n % 100:02d}\r\n"
            )


def run_import(path):
    from buyer_space.reports.services.importer import import_path

    ledger_import, result = import_path(path)
    if not result.ok:
        raise SystemExit(f"import refusé : {result.errors[:3]}")
    return result.rows_imported


def run_task(path, siret):
    from buyer_space.reports.services.reports import write_report
    from buyer_space.space.choices import DataFileKind
    from membership.establishments.models import Establishment

    establishment = Establishment.objects.get(siret=siret)
    return write_report(path, DataFileKind.MONTHLY_INTERMEDIARY, [establishment], *JANUARY)


# --- Children and the parent -----------------------------------------------------------------


def child(args):
    configure()
    extra = {"rss_start": peak_rss_mib()}
    started = time.perf_counter()
    if args.child == "openpyxl":
        write_openpyxl(VAR_DIR / "openpyxl.xlsx", args.count)
    elif args.child == "xlsxwriter":
        write_xlsxwriter(VAR_DIR / "xlsxwriter.xlsx", args.count)
    elif args.child == "import":
        extra["rows"] = run_import(args.path)
    elif args.child == "task":
        extra["rows"] = run_task(VAR_DIR / "task.xlsx", args.siret)
    elif args.child == "setup":
        ensure_catalogue()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rss": peak_rss_mib(), **extra}))


def spawn(*arguments):
    command = [sys.executable, __file__, "--child", *arguments]
    # This very script, run again as a child (no outside input).
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    return json.loads(output.strip().splitlines()[-1])


def machine():
    from django import get_version

    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    import openpyxl
    import xlsxwriter

    return (
        f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cœurs, charge "
        f"moyenne {load} ; Python {platform.python_version()}, Django {get_version()}, "
        f"openpyxl {openpyxl.__version__} (lxml), XlsxWriter {xlsxwriter.__version__}"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--skip-import", action="store_true", help="ledger already imported")
    parser.add_argument("--child")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--path", default="")
    parser.add_argument("--siret", default="")
    args = parser.parse_args()
    if args.child:
        return child(args)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL=postgres://… attendu (la mesure porte sur PostgreSQL).")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    big, small = args.lines, min(SMALL, args.lines)
    results = {}
    spawn("setup")
    for size in sorted({small, big}):
        results[("openpyxl", size)] = spawn("openpyxl", "--count", str(size))
        results[("xlsxwriter", size)] = spawn("xlsxwriter", "--count", str(size))
        print(size, results[("openpyxl", size)], results[("xlsxwriter", size)], flush=True)
    if not args.skip_import:
        for size, siret, prefix in ((big, SIRET_BIG, "BIG"), (small, SIRET_SMALL, "SMALL")):
            path = VAR_DIR / f"grand-livre-{size}.csv"
            write_csv(path, size, siret, prefix)
            results[("import", size)] = spawn("import", "--path", str(path))
            print("import", size, results[("import", size)], flush=True)
            path.unlink()
    for size, siret in ((big, SIRET_BIG), (small, SIRET_SMALL)):
        results[("task", size)] = spawn("task", "--siret", siret)
        print("task", size, results[("task", size)], flush=True)
    configure()
    report = render(results, big, small, machine())
    print(report)
    if args.write_readme:
        write_readme(report)
    return None


def fmt(number):
    return f"{number:,}".replace(",", "\u202f")


def render(results, big, small, machine_line):
    def row(label, key, yardstick=None, target="", ok=None):
        measure = results.get(key)
        if measure is None:
            return f"| {label} | — | — | — | — | {target} | non mesuré |"
        ratio = f"{measure['seconds'] / yardstick['seconds']:.2f}" if yardstick else "—"
        verdict = "" if ok is None else ("oui" if ok(measure, yardstick) else "**non**")
        return (
            f"| {label} | {measure['seconds']:.1f} | {ratio} | {measure['rss']:.0f} "
            f"| {measure['rss_start']:.0f} | {target} | {verdict} |"
        )

    x_big, x_small = results[("xlsxwriter", big)], results[("xlsxwriter", small)]
    writing = results[("openpyxl", big)]
    task_small = results.get(("task", small))
    lines = [
        "<!-- reports:start -->",
        f"Mesuré le {datetime.date.today():%d/%m/%Y} — {fmt(big)} lignes (et {fmt(small)}) — une "
        "exécution par mesure, chacune dans son propre processus ; PostgreSQL local.",
        "",
        f"Machine : {machine_line}.",
        "",
        "| Mesure | secondes | × X | RSS max (Mio) | RSS après django.setup() "
        "| objectif | atteint |",
        "|---|---:|---:|---:|---:|---|---|",
        row(f"X : XlsxWriter constant_memory, {fmt(small)} lignes", ("xlsxwriter", small)),
        row(f"X : XlsxWriter constant_memory, {fmt(big)} lignes", ("xlsxwriter", big)),
        row(f"Écriture openpyxl write-only, {fmt(small)} lignes", ("openpyxl", small), x_small),
        row(
            f"Écriture openpyxl write-only, {fmt(big)} lignes",
            ("openpyxl", big),
            x_big,
            "≤ 1,5 X",
            lambda m, x: m["seconds"] <= 1.5 * x["seconds"],
        ),
        row(
            f"Import CSV → PostgreSQL, {fmt(big)} lignes",
            ("import", big),
            None,
            "≤ 60 s",
            lambda m, x: m["seconds"] <= 60,
        ),
        row(
            f"Tâche entière (PostgreSQL + écriture), {fmt(small)} lignes", ("task", small), x_small
        ),
        row(
            f"Tâche entière (PostgreSQL + écriture), {fmt(big)} lignes",
            ("task", big),
            x_big,
            "≤ 2,5 X ; RSS ≤ 150 Mio et ≤ 1,1 × celle à 200 000",
            lambda m, x: (
                m["seconds"] <= 2.5 * x["seconds"]
                and m["rss"] <= 150
                and task_small is not None
                and m["rss"] <= 1.1 * task_small["rss"]
            ),
        ),
        "",
        f"Écriture seule : RSS {writing['rss']:.0f} Mio à {fmt(big)} lignes contre "
        f"{results[('openpyxl', small)]['rss']:.0f} à {fmt(small)}.",
        "<!-- reports:end -->",
    ]
    return "\n".join(lines)


def write_readme(report):
    readme = BENCH_DIR / "README.md"
    text = readme.read_text()
    start, end = "<!-- reports:start -->", "<!-- reports:end -->"
    if start in text:
        before = text.split(start)[0]
        after = text.split(end)[1]
        text = before + report + after
    else:
        text = text.rstrip() + "\n\n## Reports and ledger import (issue 11)\n\n" + report + "\n"
    readme.write_text(text)


if __name__ == "__main__":
    main()
