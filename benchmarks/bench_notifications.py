"""The fan-out of an offer's change to its subscribers: queries and time at 1,000 and 5,000.

Run from the project folder::

    .venv/bin/python benchmarks/bench_notifications.py
    .venv/bin/python benchmarks/bench_notifications.py --write-readme
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/espace_acheteur_bench_notif \\
        .venv/bin/python benchmarks/bench_notifications.py     # createdb first

It uses the development settings with its own data folder (``var/bench-notifications``), builds
once an offer and 5,000 active buyer accounts (profile, *rattachement* to an adherent
establishment), then, for 1,000 and then 5,000 of them following the offer, publishes a new end
date as an editor does (a revision, then its publication) and measures separately:

* the publication: Wagtail's publish and the change detection (snapshot compared and moved on,
  fan-out enqueued on commit — here captured rather than sent to a broker);
* the fan-out task (``services.notifications.fan_out``): the notifications and the outbox
  e-mails of every subscriber, in batches; the hand-over of each e-mail to a worker is counted,
  not performed (sending is the outbox worker's job, not this measure's);
* the same fan-out run a second time (a redelivered task): it must create nothing.

The SQL queries are counted with ``CaptureQueriesContext``; the point is that they grow with the
number of *batches* (``BATCH_SIZE`` subscribers each), not with the number of subscribers.
"""

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path
from unittest import mock

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
SIZES = (1000, 5000)
ACCOUNT_EMAIL = "abonne{index}@bench-notifications.example"


def configure(var_dir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "espace_site.settings.dev")
    os.environ["VAR_DIR"] = str(var_dir)
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def build(total):
    """The offer (published once: its snapshot) and ``total`` active accounts, made once."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Page, Site

    from buyer_space.accounts.choices import AffiliationStatus, Civility, Function, Role
    from buyer_space.accounts.models import Affiliation, Profile
    from catalogue.models import OfferPage
    from tests.factories.catalogue import (
        CatalogueIndexPageFactory,
        HomePageFactory,
        OfferPageFactory,
        PurchaseFamilyFactory,
        SectorPageFactory,
    )
    from tests.factories.membership import EstablishmentFactory

    call_command("migrate", verbosity=0, interactive=False)
    User = get_user_model()
    offer = OfferPage.objects.filter(reference="BENCH-NOTIF-0001").first()
    if offer is None:
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root, slug="accueil-bench")
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home},
        )
        index = CatalogueIndexPageFactory(parent=home)
        family = PurchaseFamilyFactory(name="Équipements généraux", slug="equipements-bench")
        sector = SectorPageFactory(parent=index, family=family, title=family.name)
        offer = OfferPageFactory(
            parent=sector,
            title="Titres restaurant et cartes cadeaux",
            reference="BENCH-NOTIF-0001",
            end_date=datetime.date(2030, 1, 1),
        )
        offer.save_revision().publish()
    existing = User.objects.filter(email__endswith="@bench-notifications.example").count()
    if existing < total:
        started = time.perf_counter()
        establishment = EstablishmentFactory(name="CH DU BANC D'ESSAI", member=True)
        password = make_password(None)
        now = timezone.now()
        users = User.objects.bulk_create(
            User(
                username=ACCOUNT_EMAIL.format(index=index),
                email=ACCOUNT_EMAIL.format(index=index),
                first_name="Abonné",
                last_name=str(index),
                password=password,
            )
            for index in range(existing, total)
        )
        users = list(User.objects.filter(username__in=[user.username for user in users]))
        Profile.objects.bulk_create(
            Profile(
                user=user,
                civility=Civility.MRS,
                phone="01 23 45 67 89",
                service="Achats",
                job_title="Acheteuse",
                function=Function.BUYER,
                email_confirmed_at=now,
                privacy_accepted_at=now,
            )
            for user in users
        )
        Affiliation.objects.bulk_create(
            Affiliation(
                user=user,
                establishment=establishment,
                role=Role.USER,
                requested_role=Role.USER,
                status=AffiliationStatus.ACTIVE,
            )
            for user in users
        )
        print(f"{len(users)} comptes créés en {time.perf_counter() - started:.1f} s.")
    return OfferPage.objects.get(pk=offer.pk)


def follow(offer, count):
    """Exactly the first ``count`` bench accounts follow the offer; earlier runs are undone."""
    from django.contrib.auth import get_user_model

    from buyer_space.notifications.models import Notification, Subscription
    from espace_site.outbox.models import OutboxEmail

    Notification.objects.filter(offer=offer).delete()
    OutboxEmail.objects.filter(key__startswith=f"offer-change:offre-{offer.pk}-").delete()
    Subscription.objects.filter(offer=offer).delete()
    users = (
        get_user_model()
        .objects.filter(email__endswith="@bench-notifications.example")
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    Subscription.objects.bulk_create(Subscription(user_id=pk, offer=offer) for pk in users)


def measure(offer, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from buyer_space.notifications import services as notifications
    from buyer_space.notifications.models import Notification
    from espace_site.outbox.models import OutboxEmail

    follow(offer, count)
    captured = []
    offer.end_date += datetime.timedelta(days=1)
    with (
        mock.patch.object(
            notifications, "dispatch_fan_out", side_effect=lambda *args: captured.append(args)
        ),
        CaptureQueriesContext(connection) as publish_queries,
    ):
        started = time.perf_counter()
        offer.save_revision().publish()
        publish_seconds = time.perf_counter() - started
    [(offer_info, changes)] = captured

    def made():
        return (
            Notification.objects.filter(offer=offer).count()
            + OutboxEmail.objects.filter(key__startswith=f"offer-change:offre-{offer.pk}-").count()
        )

    runs = []
    for _ in range(2):
        before = made()
        with (
            mock.patch.object(notifications.outbox, "dispatch") as dispatch,
            CaptureQueriesContext(connection) as queries,
        ):
            started = time.perf_counter()
            notifications.fan_out(offer_info, changes)
            seconds = time.perf_counter() - started
        runs.append((seconds, len(queries), dispatch.call_count, made() - before))
    return {
        "subscribers": count,
        "publish": (publish_seconds, len(publish_queries)),
        "fan_out": runs[0],
        "again": runs[1],
        "notifications": Notification.objects.filter(offer=offer).count(),
        "emails": OutboxEmail.objects.filter(
            key__startswith=f"offer-change:offre-{offer.pk}-"
        ).count(),
    }


def report(results, batch_size):
    import django
    import wagtail
    from django.db import connection

    try:
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = "?"
    lines = [
        f"Mesuré le {datetime.date.today():%d/%m/%Y} — une offre, ses abonnés actifs (profil "
        f"confirmé, rattachement actif à un établissement adhérent), e-mail activé pour tous ; "
        f"lots de {batch_size} abonnés.",
        "",
        f"Machine : {platform.system()} {platform.machine()}, {os.cpu_count()} cœurs, charge "
        f"moyenne {load} ; Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, base {connection.vendor}.",
        "",
        "| Abonnés | Publication : ms / requêtes SQL | Diffusion : s / requêtes SQL | "
        "Notifications | E-mails (outbox) | Remis aux workers | 2ᵉ diffusion : s / requêtes / "
        "créés |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        publish_seconds, publish_queries = result["publish"]
        seconds, queries, dispatched, _ = result["fan_out"]
        again_seconds, again_queries, _, again_made = result["again"]
        lines.append(
            f"| {result['subscribers']} | {publish_seconds * 1000:.0f} / {publish_queries} | "
            f"{seconds:.2f} / {queries} | {result['notifications']} | {result['emails']} | "
            f"{dispatched} | {again_seconds:.2f} / {again_queries} / {again_made} |"
        )
    return "\n".join(lines)


def write_readme(text):
    readme = BENCH_DIR / "README.md"
    content = readme.read_text()
    start, end = "<!-- notifications:start -->", "<!-- notifications:end -->"
    before, _, rest = content.partition(start)
    _, _, after = rest.partition(end)
    readme.write_text(f"{before}{start}\n{text}\n{end}{after}")
    print(f"Résultats écrits dans {readme}.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", default=str(BASE_DIR / "var" / "bench-notifications"))
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    Path(args.var_dir).mkdir(parents=True, exist_ok=True)
    configure(args.var_dir)

    from buyer_space.notifications import services as notifications

    offer = build(max(SIZES))
    results = [measure(offer, count) for count in SIZES]
    for result in results:
        subscribers = result["subscribers"]
        assert result["notifications"] == subscribers, result
        assert result["emails"] == subscribers, result
        assert result["again"][3] == 0, result
    batches = [-(-result["subscribers"] // notifications.BATCH_SIZE) for result in results]
    per_batch = [
        (result["fan_out"][1] - 1) / count for result, count in zip(results, batches, strict=True)
    ]
    text = report(results, notifications.BATCH_SIZE)
    print(text)
    print(f"Requêtes par lot de la diffusion : {', '.join(f'{value:.1f}' for value in per_batch)}")
    if args.write_readme:
        write_readme(text)


if __name__ == "__main__":
    main()
