"""The demo ledger for ``manage.py seed_demo``: a few thousand order and invoice lines and the
purchase gains of the demo establishments (the GHTs' and those with an admin account), imported
through the importer like an ERP file, then the reports of the last periods. Idempotent: the
lines have stable natural keys and a report is built once."""

import csv
import datetime
import io
import random
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.reports.choices import Centre, LineKind
from buyer_space.reports.services import reports
from buyer_space.reports.services.importer import import_file
from buyer_space.reports.services.periods import last_periods
from buyer_space.space.choices import DataFileKind
from catalogue.models import Lot, OfferPage
from membership.establishments.models import Establishment

LINES_PER_ESTABLISHMENT_AND_MONTH = 30
MONTHS = 6
LEDGER_HEADER = ["siret", "reference_offre", "titulaire", "centrale", "nature",
                 "numero_document", "numero_ligne", "date_document", "date_echeance",
                 "libelle", "quantite", "montant_ht", "montant_ttc"]  # fmt: skip
GAIN_HEADER = ["siret", "reference_offre", "debut_periode", "fin_periode",
               "montant_reference", "montant_paye"]  # fmt: skip
CENTRES = [Centre.INTERMEDIARY] * 3 + [Centre.WHOLESALE, Centre.RENTAL]
KINDS = [LineKind.QUOTE, LineKind.ORDER, LineKind.ORDER, LineKind.TO_INVOICE, LineKind.INVOICED]
LABELS = ["Gants d'examen nitrile", "Solution hydroalcoolique 500 ml", "Titres restaurant",
          "Maintenance biomédicale", "Location de lits médicalisés", "Fournitures de bureau",
          "Électricité – fourniture", "Réactifs de laboratoire"]  # fmt: skip
REPORT_PERIODS = {
    DataFileKind.MONTHLY_INTERMEDIARY: 2,
    DataFileKind.MONTHLY_WHOLESALE: 2,
    DataFileKind.WEEKLY_INTERMEDIARY_BILLING: 2,
    DataFileKind.HALF_YEARLY_GAINS: 1,
}


def demo_establishments():
    return list(
        Establishment.objects.filter(
            Q(group__isnull=False)
            | Q(
                affiliations__role=Role.ADMIN,
                affiliations__status=AffiliationStatus.ACTIVE,
            )
        )
        .distinct()
        .order_by("siret")
    )


def _amount(value):
    return f"{value:.2f}".replace(".", ",")


def ledger_csv(establishments, offers, today):
    """The ERP's export of the last months, as the CSV the centre drops each night."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(LEDGER_HEADER)
    first_month = (today.replace(day=1) - datetime.timedelta(days=31 * (MONTHS - 1))).replace(day=1)
    for establishment in establishments:
        rng = random.Random(establishment.siret)  # noqa: S311 (demo data)
        month = first_month
        while month <= today:
            days = ((month + datetime.timedelta(days=32)).replace(day=1) - month).days
            for number in range(1, LINES_PER_ESTABLISHMENT_AND_MONTH + 1):
                reference, holder = offers[rng.randrange(len(offers))]
                day = month + datetime.timedelta(days=rng.randrange(days))
                if day > today:
                    continue
                kind = KINDS[rng.randrange(len(KINDS))]
                excl_tax = Decimal(rng.randrange(1_000, 2_000_000)) / 100
                writer.writerow(
                    [
                        establishment.siret,
                        reference,
                        holder,
                        CENTRES[rng.randrange(len(CENTRES))].label,
                        kind.label,
                        f"{kind.value[:3].upper()}-{month:%Y%m}-{establishment.siret[-5:]}",
                        number,
                        f"{day:%d/%m/%Y}",
                        f"{day + datetime.timedelta(days=30):%d/%m/%Y}",
                        LABELS[rng.randrange(len(LABELS))],
                        str(rng.randrange(1, 50)),
                        _amount(excl_tax),
                        _amount(excl_tax * Decimal("1.2")),
                    ]
                )
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    return out.getvalue().encode("utf-8")


def gains_csv(establishments, offers, today):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(GAIN_HEADER)
    for start, end in last_periods(DataFileKind.HALF_YEARLY_GAINS, today, 2):
        for establishment in establishments:
            rng = random.Random(f"{establishment.siret}{start}")  # noqa: S311 (demo data)
            for reference, _holder in rng.sample(offers, min(5, len(offers))):
                reference_amount = Decimal(rng.randrange(100_000, 5_000_000)) / 100
                paid = reference_amount * Decimal(rng.randrange(70, 98)) / 100
                writer.writerow(
                    [
                        establishment.siret,
                        reference,
                        f"{start:%d/%m/%Y}",
                        f"{end:%d/%m/%Y}",
                        _amount(reference_amount),
                        _amount(paid),
                    ]
                )
    return out.getvalue().encode("utf-8")


def seed_ledger(stdout=None, today=None):
    today = today or timezone.localdate()
    establishments = demo_establishments()
    lots = Lot.objects.order_by("offer_id", "-number")
    holders = dict(lots.values_list("offer_id", "holder__name"))
    offers = [
        (reference, holders.get(pk, ""))
        for pk, reference in OfferPage.objects.order_by("reference").values_list("pk", "reference")
    ]
    if not establishments or not offers:
        return 0
    lines = import_file(io.BytesIO(ledger_csv(establishments, offers, today)))
    gains = import_file(io.BytesIO(gains_csv(establishments, offers, today)))
    built = 0
    for kind, count in REPORT_PERIODS.items():
        for start, end in last_periods(kind, today, count):
            for report_id in reports.due_reports(kind, start, end):
                built += reports.build_report(report_id) is not None
    if stdout is not None:
        stdout.write(
            f"Grand livre : {lines.rows_imported} lignes et {gains.rows_imported} gains achats "
            f"pour {len(establishments)} établissements ; {built} rapport(s) construit(s)."
        )
    return built
