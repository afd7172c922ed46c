"""Requests per second of the catalogue's pages and API, as a ratio against a bare Django view.

Run from the project folder::

    .venv/bin/python benchmarks/bench_pages.py            # seeds var/bench once, then measures
    .venv/bin/python benchmarks/bench_pages.py --write-readme

Everything runs in one process with ``django.test.Client`` and the full middleware stack of the
development settings (``DEBUG`` off), against its own data folder (``var/bench``: database,
files), so the demo site is untouched. ``DATABASE_URL`` selects another database (e.g.
PostgreSQL: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/espace_acheteur_bench``).

Each case is warmed up, then timed over a fixed number of requests in several rounds; the figure
kept is the median round. The ratio is the time of one request over the time of one bare request
(a function view returning ``HttpResponse("ok")`` through the same middleware) timed just before
each round (100 requests), the median of the rounds' ratios. The number of SQL queries of one
request is counted separately, after the timing.
"""

import argparse
import cProfile
import datetime
import os
import platform
import pstats
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent

# Uncached offer page ≤ 40 bare views; index filtered or searched and API listing ≤ 60; each
# ≤ 12 queries; any page served from the anonymous page cache ≤ 2 bare views.
TARGETS = {"offer": 40, "filtered": 60, "searched": 60, "api": 60}
MAX_QUERIES = 12
CACHED_TARGET = 2
API_FIELDS = "reference,start_date,end_date,status,access_mode,family,holders"


def configure(var_dir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "espace_site.settings.dev")
    os.environ["VAR_DIR"] = str(var_dir)
    os.environ["DEBUG"] = "false"
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(BENCH_DIR))
    import django

    django.setup()


def seed(offers):
    from django.core.management import call_command

    from catalogue.models import OfferPage

    call_command("migrate", verbosity=0, interactive=False)
    if OfferPage.objects.count() >= offers:
        print(f"Catalogue déjà construit ({OfferPage.objects.count()} offres).")
        return None
    started = time.perf_counter()
    call_command("seed_demo", offers=offers)
    return time.perf_counter() - started


def filtered_family():
    """The family with the most available offers: the filtered case shows a full page of cards
    (the seeded statuses follow the day of the seeding, so no family is fixed here)."""
    from django.db.models import Count

    from catalogue.models import OfferPage

    row = (
        OfferPage.objects.live()
        .with_status("disponible")
        .values("family__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "family__slug")
        .first()
    )
    return row["family__slug"] if row else "biomedical"


def cases():
    from catalogue.models import OfferPage

    offer = OfferPage.objects.get(reference="2023-R087-000-000-0000000")
    return [
        ("bare", "Vue Django nue", "/bench/bare/"),
        ("index", "Catalogue, sans filtre", "/offres/"),
        (
            "filtered",
            "Catalogue, famille + statut",
            f"/offres/?famille={filtered_family()}&statut=disponible",
        ),
        ("searched", "Catalogue, recherche", "/offres/?q=gants"),
        ("offer", "Page d'une offre", offer.url),
        (
            "api",
            "API, 20 offres",
            f"/api/v2/pages/?type=catalogue.OfferPage&fields={API_FIELDS}&limit=20",
        ),
    ]


BARE_URL = "/bench/bare/"
BARE_PER_ROUND = 100


def timed(client, url, iterations):
    started = time.perf_counter()
    for _ in range(iterations):
        client.get(url)
    return (time.perf_counter() - started) / iterations


def time_case(client, url, iterations, rounds, warmup):
    """Median seconds per request of ``url``, and the median of its ratios to the bare view
    timed just before each round: on a shared machine the load changes within a run, and a
    ratio to a bare view measured minutes apart moves with it."""
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} a répondu {response.status_code}")
    per_request, ratios = [], []
    for _ in range(rounds):
        bare = timed(client, BARE_URL, BARE_PER_ROUND)
        seconds = timed(client, url, iterations)
        per_request.append(seconds)
        ratios.append(seconds / bare)
    return statistics.median(per_request), statistics.median(ratios)


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def measure(args):
    from django.core.cache import cache
    from django.test import Client, override_settings

    client = Client()
    results = {"uncached": {}, "cached": {}}
    with override_settings(ROOT_URLCONF="bench_urls", PAGE_CACHE_SECONDS=0):
        for name, _, url in cases():
            iterations = args.bare_iterations if name == "bare" else args.iterations
            seconds, ratio = time_case(client, url, iterations, args.rounds, args.warmup)
            results["uncached"][name] = (seconds, count_queries(client, url), ratio)
    with override_settings(ROOT_URLCONF="bench_urls", PAGE_CACHE_SECONDS=300):
        cache.clear()
        for name, _, url in cases():
            if name == "bare":
                continue
            seconds, ratio = time_case(client, url, args.bare_iterations, args.rounds, args.warmup)
            results["cached"][name] = (seconds, count_queries(client, url), ratio)
    return results


def profile(url, iterations):
    from django.test import Client, override_settings

    client = Client()
    with override_settings(ROOT_URLCONF="bench_urls", PAGE_CACHE_SECONDS=0):
        client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(iterations):
            client.get(url)
        profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def verdict(ok):
    return "oui" if ok else "**non**"


def table(results):
    labels = {name: label for name, label, _ in cases()}
    lines = [
        "| Cas | ms / requête | req/s | × vue nue | requêtes SQL | objectif | atteint |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for name, (seconds, queries, ratio) in results["uncached"].items():
        if name in TARGETS:
            goal = f"≤ {TARGETS[name]} × et ≤ {MAX_QUERIES} req."
            met = verdict(ratio <= TARGETS[name] and queries <= MAX_QUERIES)
        elif name == "index":
            goal, met = f"≤ {MAX_QUERIES} req.", verdict(queries <= MAX_QUERIES)
        else:
            goal, met = "unité", ""
        lines.append(
            f"| {labels[name]} | {seconds * 1000:.2f} | {1 / seconds:.0f} | {ratio:.1f} | "
            f"{queries} | {goal} | {met} |"
        )
    for name, (seconds, queries, ratio) in results["cached"].items():
        lines.append(
            f"| {labels[name]} (cache anonyme) | {seconds * 1000:.2f} | {1 / seconds:.0f} | "
            f"{ratio:.1f} | {queries} | ≤ {CACHED_TARGET} × | {verdict(ratio <= CACHED_TARGET)} |"
        )
    return "\n".join(lines)


def machine():
    from django import get_version
    from django.db import connection
    from wagtail import __version__ as wagtail_version

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cœurs, "
        f"charge moyenne {load} ; Python {platform.python_version()}, Django {get_version()}, "
        f"Wagtail {wagtail_version}, base {connection.vendor}"
    )


def write_readme(text):
    readme = BENCH_DIR / "README.md"
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    content = readme.read_text()
    before, _, rest = content.partition(start)
    _, _, after = rest.partition(end)
    readme.write_text(f"{before}{start}\n{text}\n{end}{after}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--offers", type=int, default=2000)
    parser.add_argument("--var-dir", type=Path, default=BASE_DIR / "var" / "bench")
    parser.add_argument("--iterations", type=int, default=30, help="requêtes par tour (pages)")
    parser.add_argument("--bare-iterations", type=int, default=300, help="requêtes par tour")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--profile", metavar="CAS", help="profile ce cas avec cProfile")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()

    args.var_dir.mkdir(parents=True, exist_ok=True)
    configure(args.var_dir)
    seed_seconds = seed(args.offers)
    if seed_seconds is not None:
        print(f"seed_demo --offers {args.offers} : {seed_seconds:.1f} s")

    if args.profile:
        url = {name: url for name, _, url in cases()}[args.profile]
        profile(url, args.iterations)
        return

    results = measure(args)
    from catalogue.models import OfferPage

    report = "\n".join(
        [
            f"Mesuré le {datetime.date.today():%d/%m/%Y} — {OfferPage.objects.count()} offres — "
            f"{args.rounds} tours de {args.iterations} requêtes (pages) ou "
            f"{args.bare_iterations} (vue nue, pages en cache), médiane des tours.",
            "",
            f"Machine : {machine()}.",
            "",
            *(
                [f"`seed_demo --offers {args.offers}` : {seed_seconds:.1f} s.", ""]
                if seed_seconds
                else []
            ),
            table(results),
        ]
    )
    print(report)
    if args.write_readme:
        write_readme(report)


if __name__ == "__main__":
    main()
