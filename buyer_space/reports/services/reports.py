"""The guide's four reports (*Des reportings personnalisés*), built from the ledger, once each.

- monthly *Mes commandes et ma facturation en centrale d'achat intermédiaire* (intermediary
  lines) and *… grossiste* (wholesale and rental lines): one row per ledger line, its amount HT
  in the column of its kind (*devis en cours*, *commandes validées*, *titres à facturer*,
  *titres facturés*) and its amount TTC;
- weekly *Ma facturation hebdomadaire (intermédiaire)*: the titles of the week;
- half-yearly *Mes gains achats*: the purchase gains of the half-year.

A report has a scope: one establishment (its admins), or a GHT (the admins of its support
establishment: one sheet per member establishment plus a consolidated sheet).

Exactly one file per (kind, period, scope): the :class:`~buyer_space.reports.models.Report` row
is unique on that key, and a worker builds it only after claiming it under a row lock
(``select_for_update``); a second beat, a retry or a redelivered task finds the claim (or the
finished report) and does nothing. A claim left by a dead worker expires after
``CLAIM_TIMEOUT``.
"""

import logging
import tempfile
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.services.validation import absolute_url
from buyer_space.notifications.choices import NotificationKind
from buyer_space.notifications.services import notify_accounts
from buyer_space.reports.choices import Centre, LineKind, ReportScope, ReportStatus
from buyer_space.reports.models import LedgerLine, PurchaseGain, Report
from buyer_space.space.choices import DataFileKind
from buyer_space.space.models import DataFile
from buyer_space.space.services import DATA_FILE_LABELS
from catalogue.models import Holder, OfferPage, PurchaseFamily
from espace_site.xlsx import ReportColumn, ReportWorkbook
from membership.establishments.models import Establishment

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(hours=2)
PROGRESS_EVERY = 20_000
CHUNK_SIZE = 1000
EMAIL_TEMPLATE = "reports/emails/new_report"

ESTABLISHMENT_COLUMN = ReportColumn("Établissement", width=32)

LINE_COLUMNS = (
    ReportColumn("Date du document", "date", 12),
    ReportColumn("Échéance", "date", 12),
    ReportColumn("Centrale", width=13),
    ReportColumn("Nature", width=18),
    ReportColumn("N° de document", width=16),
    ReportColumn("N° de ligne", "integer", 8),
    ReportColumn("Référence de l'offre", width=24),
    ReportColumn("Offre", width=36),
    ReportColumn("Titulaire", width=28),
    ReportColumn("Libellé", width=40),
    ReportColumn("Quantité", "quantity", 10, total=True),
    ReportColumn("Devis en cours (HT)", "amount", 16, total=True),
    ReportColumn("Commandes validées (HT)", "amount", 16, total=True),
    ReportColumn("Titres à facturer (HT)", "amount", 16, total=True),
    ReportColumn("Titres facturés (HT)", "amount", 16, total=True),
    ReportColumn("Montant TTC", "amount", 16, total=True),
)
AMOUNT_COLUMN_OF_KIND = {
    LineKind.QUOTE: 0,
    LineKind.ORDER: 1,
    LineKind.TO_INVOICE: 2,
    LineKind.INVOICED: 3,
}

WEEKLY_COLUMNS = (
    ReportColumn("Date du titre", "date", 12),
    ReportColumn("Échéance", "date", 12),
    ReportColumn("N° de titre", width=16),
    ReportColumn("N° de ligne", "integer", 8),
    ReportColumn("Référence de l'offre", width=24),
    ReportColumn("Offre", width=36),
    ReportColumn("Titulaire", width=28),
    ReportColumn("Libellé", width=40),
    ReportColumn("Titres à facturer (HT)", "amount", 16, total=True),
    ReportColumn("Titres facturés (HT)", "amount", 16, total=True),
    ReportColumn("Montant TTC", "amount", 16, total=True),
)

GAIN_COLUMNS = (
    ReportColumn("Famille d'achat", width=28),
    ReportColumn("Référence de l'offre", width=24),
    ReportColumn("Offre", width=36),
    ReportColumn("Début de période", "date", 12),
    ReportColumn("Fin de période", "date", 12),
    ReportColumn("Montant de référence", "amount", 18, total=True),
    ReportColumn("Montant payé", "amount", 18, total=True),
    ReportColumn("Gain", "amount", 16, total=True),
)

LINE_FIELDS = (
    "establishment_id",
    "document_date",
    "due_date",
    "centre",
    "kind",
    "document_number",
    "line_number",
    "offer_id",
    "holder_id",
    "label",
    "quantity",
    "amount_excl_tax",
    "amount_incl_tax",
)


class Catalogue:
    """Offer references and titles, holders, families and labels, read once per report."""

    def __init__(self):
        self.offers = {
            pk: (reference, title)
            for pk, reference, title in OfferPage.objects.values_list("pk", "reference", "title")
        }
        self.holders = dict(Holder.objects.values_list("pk", "name"))
        self.families = dict(PurchaseFamily.objects.values_list("pk", "name"))
        self.centres = {choice.value: str(choice.label) for choice in Centre}
        self.kinds = {choice.value: str(choice.label) for choice in LineKind}


def _line_rows(lines, catalogue):
    """``(establishment_id, row)`` of the monthly reports, from ``LedgerLine`` value tuples."""
    offers, holders = catalogue.offers, catalogue.holders
    centres, kinds = catalogue.centres, catalogue.kinds
    empty = (None, None)
    for (
        establishment_id,
        document_date,
        due_date,
        centre,
        kind,
        number,
        line_number,
        offer_id,
        holder_id,
        label,
        quantity,
        excl_tax,
        incl_tax,
    ) in lines:
        amounts = [None, None, None, None]
        amounts[AMOUNT_COLUMN_OF_KIND[kind]] = excl_tax
        reference, title = offers.get(offer_id, empty)
        yield (
            establishment_id,
            (
                document_date,
                due_date,
                centres[centre],
                kinds[kind],
                number,
                line_number,
                reference,
                title,
                holders.get(holder_id),
                label,
                quantity,
                *amounts,
                incl_tax,
            ),
        )


def _weekly_rows(lines, catalogue):
    offers, holders = catalogue.offers, catalogue.holders
    empty = (None, None)
    for (
        establishment_id,
        document_date,
        due_date,
        _centre,
        kind,
        number,
        line_number,
        offer_id,
        holder_id,
        label,
        _quantity,
        excl_tax,
        incl_tax,
    ) in lines:
        reference, title = offers.get(offer_id, empty)
        yield (
            establishment_id,
            (
                document_date,
                due_date,
                number,
                line_number,
                reference,
                title,
                holders.get(holder_id),
                label,
                excl_tax if kind == LineKind.TO_INVOICE else None,
                excl_tax if kind == LineKind.INVOICED else None,
                incl_tax,
            ),
        )


def _gain_rows(gains, catalogue):
    offers, families = catalogue.offers, catalogue.families
    empty = (None, None)
    for establishment_id, family_id, offer_id, start, end, reference, paid, gain in gains:
        offer_reference, title = offers.get(offer_id, empty)
        yield (
            establishment_id,
            (families.get(family_id), offer_reference, title, start, end, reference, paid, gain),
        )


@dataclass(frozen=True)
class ReportKind:
    kind: str
    columns: tuple
    rows: object  # fn(values, catalogue) -> (establishment_id, row)

    def values(self, establishment_ids, start, end):
        """The ledger rows of the report, read with a server-side cursor, ordered by
        establishment then date."""
        ids = list(establishment_ids)
        if self.kind == DataFileKind.HALF_YEARLY_GAINS:
            queryset = PurchaseGain.objects.filter(
                establishment_id__in=ids, period_start__gte=start, period_start__lte=end
            ).order_by("establishment_id", "family_id", "offer_id", "period_start")
            fields = (
                "establishment_id",
                "family_id",
                "offer_id",
                "period_start",
                "period_end",
                "reference_amount",
                "amount_paid",
                "gain",
            )
        else:
            queryset = LedgerLine.objects.filter(
                establishment_id__in=ids, document_date__gte=start, document_date__lte=end
            ).filter(self.line_filter())
            queryset = queryset.order_by(
                "establishment_id", "document_date", "document_number", "line_number"
            )
            fields = LINE_FIELDS
        return queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE)

    def line_filter(self):
        if self.kind == DataFileKind.MONTHLY_INTERMEDIARY:
            return Q(centre=Centre.INTERMEDIARY)
        if self.kind == DataFileKind.MONTHLY_WHOLESALE:
            return Q(centre__in=[Centre.WHOLESALE, Centre.RENTAL])
        return Q(centre=Centre.INTERMEDIARY, kind__in=[LineKind.TO_INVOICE, LineKind.INVOICED])


KINDS = {
    DataFileKind.MONTHLY_INTERMEDIARY: ReportKind(
        DataFileKind.MONTHLY_INTERMEDIARY, LINE_COLUMNS, _line_rows
    ),
    DataFileKind.MONTHLY_WHOLESALE: ReportKind(
        DataFileKind.MONTHLY_WHOLESALE, LINE_COLUMNS, _line_rows
    ),
    DataFileKind.WEEKLY_INTERMEDIARY_BILLING: ReportKind(
        DataFileKind.WEEKLY_INTERMEDIARY_BILLING, WEEKLY_COLUMNS, _weekly_rows
    ),
    DataFileKind.HALF_YEARLY_GAINS: ReportKind(
        DataFileKind.HALF_YEARLY_GAINS, GAIN_COLUMNS, _gain_rows
    ),
}


# --- Writing ---------------------------------------------------------------------------------


def scope_establishments(report):
    """The establishments a report covers, by name: one, or every member of the support's GHT."""
    if report.scope == ReportScope.GROUP:
        queryset = Establishment.objects.filter(group__support_id=report.establishment_id)
    else:
        queryset = Establishment.objects.filter(pk=report.establishment_id)
    return list(queryset.order_by("name", "pk").only("name"))


def write_report(target, kind, establishments, start, end, *, group=False, progress=None):
    """Write the workbook of ``kind`` for ``establishments`` over ``[start, end]`` to ``target``
    (a path or a binary file). ``group``: a consolidated sheet first, then one per member.
    Returns the number of data rows (those of the consolidated sheet for a GHT)."""
    definition = KINDS[kind]
    catalogue = Catalogue()
    book = ReportWorkbook()
    names = {establishment.pk: establishment.name for establishment in establishments}
    rows = definition.rows(definition.values(names, start, end), catalogue)
    count = 0
    if group:
        consolidated = book.add_sheet("Consolidé GHT", (ESTABLISHMENT_COLUMN, *definition.columns))
        members = {
            establishment.pk: book.add_sheet(establishment.name, definition.columns)
            for establishment in establishments
        }
        for establishment_id, row in rows:
            consolidated.append((names[establishment_id], *row))
            members[establishment_id].append(row)
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)
    else:
        title = DATA_FILE_LABELS[kind]
        sheet = book.add_sheet(f"{start:%d-%m-%Y} {title}"[:31], definition.columns)
        append = sheet.append
        for _establishment_id, row in rows:
            append(row)
            count += 1
            if progress and count % PROGRESS_EVERY == 0:
                progress(count)
    book.save(target)
    return count


# --- Exactly once ----------------------------------------------------------------------------


def request_report(kind, period_start, period_end, scope, establishment_id):
    """The report of that key, created if it does not exist yet (the unique constraint decides
    between two callers)."""
    report, _created = Report.objects.get_or_create(
        kind=kind,
        period_start=period_start,
        scope=scope,
        establishment_id=establishment_id,
        defaults={"period_end": period_end},
    )
    return report


def _claim(report_id, now):
    """Take the report for this worker, or ``None`` when it is built or being built."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status == ReportStatus.READY:
            return None
        if (
            report.status == ReportStatus.RUNNING
            and report.claimed_at
            and report.claimed_at > now - CLAIM_TIMEOUT
        ):
            return None
        report.status = ReportStatus.RUNNING
        report.claim_token = uuid.uuid4().hex
        report.claimed_at = now
        report.attempts += 1
        report.rows_written = 0
        report.error = ""
        report.save(
            update_fields=[
                "status",
                "claim_token",
                "claimed_at",
                "attempts",
                "rows_written",
                "error",
            ]
        )
        return report


def build_report(report_id):
    """Build the report's file once; returns the report when this call built it, else ``None``
    (already built, or being built by another worker)."""
    report = _claim(report_id, timezone.now())
    if report is None:
        return None
    token = report.claim_token

    def progress(count):
        Report.objects.filter(pk=report.pk, claim_token=token).update(rows_written=count)

    try:
        establishments = scope_establishments(report)
        group = report.scope == ReportScope.GROUP
        with tempfile.TemporaryFile() as target:
            count = write_report(
                target,
                report.kind,
                establishments,
                report.period_start,
                report.period_end,
                group=group,
                progress=progress,
            )
            target.seek(0)
            return _publish(report, token, target, count)
    except Exception as exc:
        Report.objects.filter(pk=report.pk, claim_token=token).update(
            status=ReportStatus.FAILED, error=str(exc)[:2000], claim_token=""
        )
        raise


def file_name(report):
    label = slugify(DATA_FILE_LABELS[report.kind])[:60]
    scope = "ght" if report.scope == ReportScope.GROUP else "etablissement"
    return f"{label}-{scope}-{report.establishment.siret}-{report.period_start:%Y-%m-%d}.xlsx"


def _publish(report, token, content, count):
    """Store the file as the period's data file, mark the report ready and notify its admins,
    in one transaction and only while this worker still holds the claim."""
    with transaction.atomic():
        locked = (
            Report.objects.select_for_update().select_related("establishment").get(pk=report.pk)
        )
        if locked.claim_token != token or locked.status != ReportStatus.RUNNING:
            return None
        group = None
        if locked.scope == ReportScope.GROUP:
            group = locked.establishment.supported_group
        data_file = DataFile.objects.filter(
            establishment_id=locked.establishment_id,
            kind=locked.kind,
            period_start=locked.period_start,
            group=group,
        ).first() or DataFile(
            establishment_id=locked.establishment_id,
            kind=locked.kind,
            period_start=locked.period_start,
            group=group,
        )
        data_file.period_end = locked.period_end
        data_file.file.save(file_name(locked), File(content), save=False)
        data_file.save()
        locked.data_file = data_file
        locked.status = ReportStatus.READY
        locked.rows_written = count
        locked.finished_at = timezone.now()
        locked.claim_token = ""
        locked.save()
        notify_admins(locked)
    return locked


# --- Who hears of it -------------------------------------------------------------------------


def report_recipients(report):
    """The active admins of the establishment (for a GHT report, of its support)."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            affiliations__establishment_id=report.establishment_id,
            affiliations__status=AffiliationStatus.ACTIVE,
            affiliations__role=Role.ADMIN,
        )
        .distinct()
        .order_by("pk")
    )


def notify_admins(report):
    """A Mes notifications entry and an e-mail for each admin, once per report."""
    label = DATA_FILE_LABELS[report.kind]
    start = date_format(report.period_start, "d/m/Y")
    end = date_format(report.period_end, "d/m/Y")
    if report.scope == ReportScope.GROUP:
        scope = _("le GHT %(group)s") % {"group": report.establishment.supported_group.name}
    else:
        scope = report.establishment.name
    title = _("Nouveau fichier de données : %(label)s") % {"label": label}
    message = _(
        "Le rapport « %(label)s » du %(start)s au %(end)s pour %(scope)s est disponible dans "
        "Fichiers de données."
    ) % {"label": label, "start": start, "end": end, "scope": scope}
    link = reverse("buyer_space:data_files")
    return notify_accounts(
        report_recipients(report),
        kind=NotificationKind.REPORT,
        title=title[:255],
        message=message,
        change_key=f"report:{report.pk}",
        link=link,
        email_template=EMAIL_TEMPLATE,
        context={"title": title, "message": message, "data_files_url": absolute_url(link)},
    )


# --- The schedule ----------------------------------------------------------------------------


def due_reports(kind, period_start, period_end):
    """Create the reports of a period: each establishment with ledger rows in it, and each GHT
    one of whose members has some (its support's GHT report). Returns their ids."""
    definition = KINDS[kind]
    if kind == DataFileKind.HALF_YEARLY_GAINS:
        queryset = PurchaseGain.objects.filter(
            period_start__gte=period_start, period_start__lte=period_end
        )
    else:
        queryset = LedgerLine.objects.filter(
            document_date__gte=period_start, document_date__lte=period_end
        ).filter(definition.line_filter())
    establishment_ids = set(queryset.values_list("establishment_id", flat=True).distinct())
    supports = set(
        Establishment.objects.filter(
            pk__in=establishment_ids, group__support__isnull=False
        ).values_list("group__support_id", flat=True)
    )
    wanted = [(ReportScope.ESTABLISHMENT, pk) for pk in sorted(establishment_ids)]
    wanted += [(ReportScope.GROUP, pk) for pk in sorted(supports)]
    Report.objects.bulk_create(
        [
            Report(
                kind=kind,
                period_start=period_start,
                period_end=period_end,
                scope=scope,
                establishment_id=pk,
            )
            for scope, pk in wanted
        ],
        ignore_conflicts=True,
    )
    return list(
        Report.objects.filter(kind=kind, period_start=period_start)
        .exclude(status=ReportStatus.READY)
        .order_by("scope", "establishment_id")
        .values_list("pk", flat=True)
    )
