"""The buyer API's list of 100 contracts, as a ratio against a bare Django view.

Run from the project folder::

    .venv/bin/python benchmarks/bench_api.py
    .venv/bin/python benchmarks/bench_api.py --write-readme   # records the figure in README.md

It uses the development settings with ``DEBUG`` off and its own data folder
(``var/bench-api``): one establishment, its administrator and 1,000 contracts on 20 offers'
families, built once; then ``GET /api/espace/v1/marches?limit=100`` with a bearer token (the
token's lookup, its establishment's rights, the count, the page and the serialisation), timed in
rounds against the bare view of ``bench_urls.py`` through the same middleware. Target (issue
12): at most 60 bare views, at most 10 queries.
"""

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
TARGET = 60
MAX_QUERIES = 10
CONTRACTS = 1000
URL = "/api/espace/v1/marches?limit=100"
BARE_URL = "/bench/bare/"
EMAIL = "admin@bench-api.example"
START, END = "<!-- api-results:start -->", "<!-- api-results:end -->"


def configure(var_dir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "espace_site.settings.dev")
    os.environ["VAR_DIR"] = str(var_dir)
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(BENCH_DIR))
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def build():
    """The establishment, its administrator and the contracts (once); a fresh token."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from buyer_space.accounts.choices import AffiliationStatus, Civility, Function, Role
    from buyer_space.accounts.models import Affiliation, Profile
    from buyer_space.api import services
    from catalogue.models import PurchaseFamily
    from membership.contracts.models import Contract
    from membership.establishments.models import Establishment

    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.filter(email=EMAIL).first()
    if user is None:
        user = get_user_model().objects.create_user(EMAIL, EMAIL, "banc-d-essai-api-2026")
        Profile.objects.create(
            user=user,
            civility=Civility.MRS,
            phone="0123456789",
            service="Achats",
            job_title="Acheteuse",
            function=Function.BUYER,
            email_confirmed_at=timezone.now(),
            privacy_accepted_at=timezone.now(),
        )
        establishment = Establishment.objects.create(
            name="CH DU BANC D'ESSAI",
            siret="90000000000019",
            address="1 rue de l'Essai",
            city="Paris",
            postcode="75001",
            is_member=True,
        )
        Affiliation.objects.create(
            user=user,
            establishment=establishment,
            role=Role.ADMIN,
            requested_role=Role.ADMIN,
            status=AffiliationStatus.ACTIVE,
        )
        families = [
            PurchaseFamily.objects.get_or_create(slug=f"famille-{n}", defaults={"name": f"F{n}"})[0]
            for n in range(20)
        ]
        Contract.objects.bulk_create(
            Contract(
                establishment=establishment,
                family=families[n % 20],
                number=f"2026-M{n:05d}",
                title=f"Marché du banc d'essai {n}",
                start_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
                end_date=datetime.date(2099, 1, 1),
            )
            for n in range(CONTRACTS)
        )
    return services.create_token(user=user, name="banc d'essai")[1]


def timed(client, url, iterations, headers):
    started = time.perf_counter()
    for _ in range(iterations):
        client.get(url, headers=headers)
    return (time.perf_counter() - started) / iterations


def measure(args, token):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    headers = {"Authorization": f"Bearer {token}"}
    with override_settings(ROOT_URLCONF="bench_urls", PAGE_CACHE_SECONDS=0):
        client = Client()
        for _ in range(args.warmup):
            response = client.get(URL, headers=headers)
            if response.status_code != 200 or len(response.json()["items"]) != 100:
                raise SystemExit(f"{URL} a répondu {response.status_code}")
        bare_times, api_times, ratios = [], [], []
        for _ in range(args.rounds):
            bare = timed(client, BARE_URL, args.bare_iterations, {})
            seconds = timed(client, URL, args.iterations, headers)
            bare_times.append(bare)
            api_times.append(seconds)
            ratios.append(seconds / bare)
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, headers=headers)
    return (
        statistics.median(bare_times),
        statistics.median(api_times),
        statistics.median(ratios),
        len(queries),
    )


def machine():
    from django import get_version
    from django.db import connection

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cœurs, charge moyenne "
        f"{load} ; Python {platform.python_version()}, Django {get_version()}, base "
        f"{connection.vendor}"
    )


def report(args, bare, seconds, ratio, queries):
    ok = "oui" if ratio <= TARGET and queries <= MAX_QUERIES else "NON"
    return "\n".join(
        [
            f"Mesuré le {datetime.date.today():%d/%m/%Y} — {CONTRACTS} marchés, page de 100 — "
            f"{args.rounds} tours de {args.iterations} requêtes, médiane des tours.",
            "",
            f"Machine : {machine()}.",
            "",
            "| Cas | ms / requête | × vue nue | requêtes SQL | objectif | atteint |",
            "|---|---:|---:|---:|---|---|",
            f"| Vue Django nue | {bare * 1000:.2f} | 1.0 | 0 | unité | |",
            f"| API, 100 marchés (jeton) | {seconds * 1000:.2f} | {ratio:.1f} | {queries} "
            f"| ≤ {TARGET} × et ≤ {MAX_QUERIES} req. | {ok} |",
        ]
    )


def write_readme(text):
    readme = BENCH_DIR / "README.md"
    content = readme.read_text()
    if START not in content:
        content = content.rstrip("\n") + f"\n\n## API des acheteurs\n\n{START}\n{END}\n"
    before, _, rest = content.partition(START)
    _, _, after = rest.partition(END)
    readme.write_text(f"{before}{START}\n{text}\n{END}{after}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--bare-iterations", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    configure(BASE_DIR / "var" / "bench-api")
    token = build()
    text = report(args, *measure(args, token))
    print(text)
    if args.write_readme:
        write_readme(text)


if __name__ == "__main__":
    main()
