"""The monthly run (issue 11): 3,000 establishments, a 10,000,000-line ledger, two workers.

Run from the project folder, on a PostgreSQL database of its own::

    createdb -h 127.0.0.1 -U postgres espace_acheteur_bench_monthly
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/espace_acheteur_bench_monthly \\
        .venv/bin/python benchmarks/bench_monthly_run.py [--establishments 3000] \\
        [--lines 10000000] [--write-readme]

What it does:

* the ledger: ``--establishments`` establishments, one GHT for every 25 of them (its first
  member is the support), and ``--lines`` ledger lines spread over the twelve months of 2024,
  the three centres and the four kinds, generated in PostgreSQL (``generate_series``; each
  line's establishment, day and kind drawn at random with a fixed seed) once and kept between
  runs (``--rebuild`` generates it again);
* a redis-server of its own on a free port (never the machine's), and two
  ``celery -A espace_site worker --concurrency 1`` processes on it;
* the beat's task for both monthly reports of November 2024 (``build_periodic_reports``, as the
  beat of 1 December 2024 sends it), sent **twice** for each kind, as two beats would: the
  reports must still be built once each;
* the time from the first report created to the last one ready, the reports built and failed,
  the build attempts (one per report when nothing is built twice) and the files written.
"""

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
VAR_DIR = BASE_DIR / "var" / "bench-monthly"
GROUP_SIZE = 25
RUN_DAY = "2024-12-01"
sys.path[:0] = [str(BASE_DIR), str(BENCH_DIR)]  # the project, bench_reports, tests/


def configure(broker_url=""):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "espace_site.settings.dev")
    os.environ["VAR_DIR"] = str(VAR_DIR)
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    if broker_url:
        os.environ["CELERY_BROKER_URL"] = broker_url
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    import django

    django.setup()


# --- The ledger ------------------------------------------------------------------------------


def ensure_ledger(establishments, lines, rebuild=False):
    from django.core.management import call_command
    from django.db import connection, transaction

    from buyer_space.reports.choices import Centre, LineKind
    from buyer_space.reports.models import LedgerLine
    from catalogue.models import Holder, OfferPage
    from membership.establishments.models import Establishment, EstablishmentGroup

    call_command("migrate", verbosity=0, interactive=False)
    from bench_reports import ensure_catalogue  # the 40 offers and 12 holders

    ensure_catalogue()
    members = Establishment.objects.filter(siret__startswith="27")
    if not rebuild and members.count() == establishments and LedgerLine.objects.count() == lines:
        print(f"grand livre déjà en place : {lines} lignes", flush=True)
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reports_ledgerline, reports_report")
    EstablishmentGroup.objects.filter(name__startswith="GHT banc ").delete()
    members.delete()
    Establishment.objects.bulk_create(
        Establishment(
            siret=f"27{n:012d}",
            name=f"CH banc {n:04d}",
            address="1 rue du banc",
            postcode="75001",
            city="Paris",
            is_member=True,
        )
        for n in range(establishments)
    )
    ids = list(members.order_by("siret").values_list("pk", flat=True))
    with transaction.atomic():
        for start in range(0, len(ids), GROUP_SIZE):
            chunk = ids[start : start + GROUP_SIZE]
            group = EstablishmentGroup.objects.create(
                name=f"GHT banc {start // GROUP_SIZE:03d}", support_id=chunk[0]
            )
            Establishment.objects.filter(pk__in=chunk).update(group=group)
    offers = list(
        OfferPage.objects.filter(slug__startswith="bench-offre-").values_list("pk", flat=True)
    )
    holders = list(
        Holder.objects.filter(name__startswith="Titulaire ").values_list("pk", flat=True)
    )
    step = 1_000_000
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")  # the same ledger at every build
        for first in range(0, lines, step):
            last = min(first + step, lines)
            cursor.execute(
                """
                INSERT INTO reports_ledgerline (
                    establishment_id, offer_id, holder_id, centre, kind, document_number,
                    line_number, document_date, due_date, label, quantity, amount_excl_tax,
                    amount_incl_tax)
                SELECT
                    (%(ids)s::bigint[])[1 + floor(random() * %(count)s)::int],
                    (%(offers)s::bigint[])[1 + g %% %(offer_count)s],
                    (%(holders)s::bigint[])[1 + g %% %(holder_count)s],
                    (%(centres)s::text[])[1 + g %% 3],
                    (%(kinds)s::text[])[1 + floor(random() * 4)::int],
                    'BANC-' || lpad((g / 10)::text, 9, '0'),
                    (1 + g %% 10)::int,
                    DATE '2024-01-01' + day,
                    DATE '2024-01-31' + day,
                    'Libellé de la ligne ' || g,
                    1 + g %% 20,
                    ((g * 7) %% 100000) + (g %% 100) / 100.0,
                    ((g * 9) %% 100000) + (g %% 100) / 100.0
                FROM generate_series(%(first)s::bigint, %(last)s::bigint - 1) AS g,
                    -- one day drawn per line, for both of its dates (``g * 0`` ties the
                    -- subquery to the line, so that it is not drawn once for all)
                    LATERAL (SELECT floor(random() * 366)::int + (g * 0)::int AS day) AS drawn
                """,
                {
                    "ids": ids,
                    "count": len(ids),
                    "offers": offers,
                    "offer_count": len(offers),
                    "holders": holders,
                    "holder_count": len(holders),
                    "centres": Centre.values,
                    "kinds": LineKind.values,
                    "first": first,
                    "last": last,
                },
            )
            print(f"grand livre : {last} lignes", flush=True)
        cursor.execute("ANALYZE reports_ledgerline")
    print(f"grand livre construit en {time.perf_counter() - started:.0f} s", flush=True)


# --- The run ---------------------------------------------------------------------------------


def start_redis(folder):
    """The fault tests' own redis-server (``tests/faults/servers.py``) on a free port."""
    from tests.faults.servers import RedisServer

    server = RedisServer(folder).start()
    return server, server.url


def start_workers(broker_url, folder, count=2):
    """The integration tests' worker (``tests/integration/helpers.py``), as production runs it:
    a prefork pool of one process, on this run's database and broker."""
    from tests.integration.helpers import Worker

    return [Worker(folder, broker_url, pool="prefork") for _ in range(count)]


def run(kinds):
    from django.db.models import Count, Sum

    from buyer_space.reports.choices import ReportStatus
    from buyer_space.reports.models import Report
    from buyer_space.reports.services.periods import previous_period
    from buyer_space.reports.tasks import build_periodic_reports
    from espace_site.celery import app

    for _ in range(60):  # the workers must be listening before the clock starts
        if len(app.control.ping(timeout=1.0) or []) >= 2:
            break
    else:
        raise SystemExit("les deux workers ne répondent pas")
    start, _end = previous_period(kinds[0], datetime.date.fromisoformat(RUN_DAY))
    reports = Report.objects.filter(kind__in=kinds, period_start=start)
    reports.delete()
    started = time.perf_counter()
    for kind in kinds:
        build_periodic_reports.delay(kind, RUN_DAY)
        build_periodic_reports.delay(kind, RUN_DAY)  # a second beat
    finished = (ReportStatus.READY, ReportStatus.FAILED)
    stable = 0
    while True:
        time.sleep(5)
        by_status = dict(reports.values_list("status").annotate(n=Count("pk")).order_by())
        total = sum(by_status.values())
        print(f"{time.perf_counter() - started:6.0f} s {by_status}", flush=True)
        if total and all(status in finished for status in by_status):
            stable += 1  # twice in a row: the second beat's enqueue has been seen too
            if stable == 2:
                break
        else:
            stable = 0
    last = reports.order_by("-finished_at").values_list("finished_at", flat=True).first()
    first = reports.order_by("created_at").values_list("created_at", flat=True).first()
    summary = reports.aggregate(attempts=Sum("attempts"), rows=Sum("rows_written"))
    return {
        "seconds": (last - first).total_seconds(),
        "reports": reports.count(),
        "by_status": dict(reports.values_list("status").annotate(n=Count("pk")).order_by()),
        "by_scope": dict(reports.values_list("scope").annotate(n=Count("pk")).order_by()),
        "attempts": summary["attempts"],
        "rows": summary["rows"],
        "files": reports.exclude(data_file=None).count(),
        "duplicate_keys": reports.values("kind", "period_start", "scope", "establishment")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--establishments", type=int, default=3000)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--rebuild", action="store_true", help="generate the ledger again")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL=postgres://… attendu (la mesure porte sur PostgreSQL).")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="bench-monthly-"))
    redis, broker_url = start_redis(folder)
    workers = []
    try:
        configure(broker_url)
        from buyer_space.space.choices import DataFileKind

        ensure_ledger(args.establishments, args.lines, args.rebuild)
        workers = start_workers(broker_url, folder)
        result = run([DataFileKind.MONTHLY_INTERMEDIARY, DataFileKind.MONTHLY_WHOLESALE])
    finally:
        for worker in workers:
            worker.stop()
        redis.stop()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cœurs, charge {load}; "
        f"{args.establishments} établissements, {args.lines} lignes ; journaux : {folder}"
    )
    print(result)


if __name__ == "__main__":
    main()
