"""The centre's ledger (order and invoice lines, purchase gains), its imports, and the reports
built from it. Each ledger row has the ERP's natural key, so that re-importing a file, or an
overlapping one, updates the rows instead of adding new ones."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buyer_space.reports.choices import (
    Centre,
    ImportStatus,
    LineKind,
    ReportScope,
    ReportStatus,
)
from buyer_space.space.choices import DataFileKind
from espace_site.files import private_storage

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class LedgerLine(models.Model):
    """An order or invoice line of the ERP: a quote, a validated order, a title to invoice or an
    invoiced title, for one establishment. Key: (kind, document number, line number)."""

    establishment = models.ForeignKey(
        "establishments.Establishment",
        verbose_name=_("établissement"),
        on_delete=models.CASCADE,
        related_name="+",
        # The index on (establishment, date) below serves every lookup by establishment: one
        # index less to maintain for each imported line.
        db_index=False,
    )
    offer = models.ForeignKey(
        "catalogue.OfferPage",
        verbose_name=_("offre"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    holder = models.ForeignKey(
        "catalogue.Holder",
        verbose_name=_("titulaire"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    centre = models.CharField(_("centrale"), max_length=20, choices=Centre.choices)
    kind = models.CharField(_("nature"), max_length=20, choices=LineKind.choices)
    document_number = models.CharField(_("n° de document"), max_length=40)
    line_number = models.PositiveIntegerField(_("n° de ligne"))
    document_date = models.DateField(_("date du document"))
    due_date = models.DateField(_("date d'échéance"), null=True, blank=True)
    label = models.CharField(_("libellé"), max_length=255, blank=True)
    quantity = models.DecimalField(_("quantité"), max_digits=14, decimal_places=3, default=0)
    amount_excl_tax = models.DecimalField(_("montant HT"), **AMOUNT)
    amount_incl_tax = models.DecimalField(_("montant TTC"), **AMOUNT)

    class Meta:
        verbose_name = _("ligne du grand livre")
        verbose_name_plural = _("lignes du grand livre")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "document_number", "line_number"], name="one_ledger_line_per_key"
            )
        ]
        indexes = [models.Index(fields=["establishment", "document_date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.document_number}/{self.line_number}"


class PurchaseGain(models.Model):
    """A *gain achats* line: what an offer saved an establishment over a period.
    Key: (establishment, offer, period start)."""

    establishment = models.ForeignKey(
        "establishments.Establishment",
        verbose_name=_("établissement"),
        on_delete=models.CASCADE,
        related_name="+",
        # The index on (establishment, date) below serves every lookup by establishment: one
        # index less to maintain for each imported line.
        db_index=False,
    )
    family = models.ForeignKey(
        "catalogue.PurchaseFamily",
        verbose_name=_("famille d'achat"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    offer = models.ForeignKey(
        "catalogue.OfferPage",
        verbose_name=_("offre"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    period_start = models.DateField(_("début de période"))
    period_end = models.DateField(_("fin de période"))
    reference_amount = models.DecimalField(_("montant de référence"), **AMOUNT)
    amount_paid = models.DecimalField(_("montant payé"), **AMOUNT)
    gain = models.DecimalField(_("gain"), **AMOUNT)

    class Meta:
        verbose_name = _("gain achats")
        verbose_name_plural = _("gains achats")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "offer", "period_start"], name="one_gain_per_key"
            )
        ]
        indexes = [models.Index(fields=["establishment", "period_start"])]

    def __str__(self):
        return f"{self.offer_id} – {self.period_start:%d/%m/%Y}"


class LedgerImport(models.Model):
    """One import of an ERP file, from the admin's upload form or ``manage.py import_ledger``:
    its status, its counts and, when lines were refused, the downloadable error report."""

    source_name = models.CharField(_("fichier"), max_length=255)
    file = models.FileField(
        _("fichier importé"), storage=private_storage, upload_to="ledger/%Y/%m", blank=True
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows_read = models.PositiveIntegerField(_("lignes lues"), default=0)
    rows_imported = models.PositiveIntegerField(_("lignes importées"), default=0)
    error_count = models.PositiveIntegerField(_("lignes en erreur"), default=0)
    error_report = models.FileField(
        _("rapport d'erreurs"), storage=private_storage, upload_to="ledger/errors", blank=True
    )
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import du grand livre")
        verbose_name_plural = _("imports du grand livre")

    def __str__(self):
        return f"{self.source_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_finished(self):
        return self.status in (ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED)


class Report(models.Model):
    """A report to build, or built, for one (kind, period, scope): the unique constraint and the
    claim taken under a row lock make sure exactly one file is built for each."""

    kind = models.CharField(_("type de rapport"), max_length=30, choices=DataFileKind.choices)
    period_start = models.DateField(_("début de période"))
    period_end = models.DateField(_("fin de période"))
    scope = models.CharField(_("périmètre"), max_length=20, choices=ReportScope.choices)
    # The establishment, or the GHT's support establishment for a GHT report.
    establishment = models.ForeignKey(
        "establishments.Establishment",
        verbose_name=_("établissement"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    rows_written = models.PositiveIntegerField(_("lignes écrites"), default=0)
    claim_token = models.CharField(max_length=40, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    error = models.TextField(_("erreur"), blank=True)
    data_file = models.OneToOneField(
        "space.DataFile",
        verbose_name=_("fichier de données"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report",
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "kind", "establishment__name"]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapports")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start", "scope", "establishment"],
                name="one_report_per_kind_period_and_scope",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.period_start:%d/%m/%Y}"
