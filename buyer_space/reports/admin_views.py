"""The admin's tools of the ledger and the reports: the upload of an ERP file and its result
page (progress while it runs, the refused lines, the error report), and *Générer maintenant*."""

import csv
import io
from itertools import islice

import rules
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail_modeladmin.views import CreateView, InspectView

from buyer_space.reports import tasks
from buyer_space.reports.forms import GenerateReportsForm
from buyer_space.reports.models import LedgerImport
from buyer_space.reports.services.importer import SHOWN_ERRORS, progress_key
from buyer_space.reports.services.periods import period_containing
from espace_site.files import private_file_response

ERROR_REPORT_URL_NAME = "reports_ledger_import_errors"
GENERATE_URL_NAME = "reports_generate_now"


class LedgerUploadView(CreateView):
    """Saves the upload and hands it to a worker, then shows its result page."""

    def form_valid(self, form):
        ledger_import = form.save(commit=False)
        ledger_import.created_by = self.request.user
        ledger_import.save()
        transaction.on_commit(lambda: tasks.import_ledger_file.delay(ledger_import.pk))
        return redirect(self.url_helper.get_action_url("inspect", ledger_import.pk))


class LedgerImportResultView(InspectView):
    """Status, progress (refreshed while the import runs), counts and the first refused lines."""

    def get_template_names(self):
        return ["reports/admin/import_result.html"]

    def get_context_data(self, **kwargs):
        ledger_import = self.instance
        context = super().get_context_data(**kwargs)
        context["ledger_import"] = ledger_import
        context["progress"] = cache.get(progress_key(ledger_import.pk))
        context["errors"] = first_errors(ledger_import) if ledger_import.error_report else []
        context["shown_errors"] = SHOWN_ERRORS
        context["error_report_url"] = reverse(ERROR_REPORT_URL_NAME, args=[ledger_import.pk])
        return context


def first_errors(ledger_import):
    try:
        with ledger_import.error_report.open("rb") as report:
            text = io.TextIOWrapper(report, encoding="utf-8-sig", newline="")
            rows = list(islice(csv.reader(text, delimiter=";"), 1, SHOWN_ERRORS + 1))
            text.detach()
            return rows
    except OSError:
        return []


def download_error_report(request, pk):
    if not rules.has_perm("reports.view_imports", request.user):
        raise Http404
    ledger_import = LedgerImport.objects.filter(pk=pk).first()
    if ledger_import is None or not ledger_import.error_report:
        raise Http404
    return private_file_response(ledger_import.error_report, f"erreurs-import-{pk}.csv")


def generate_now(request):
    """Build the reports of one kind for one period now (those already built are kept)."""
    if not rules.has_perm("reports.generate_reports", request.user):
        raise Http404
    form = GenerateReportsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        start, end = period_containing(kind, form.cleaned_data["day"])
        report_ids = tasks.enqueue_reports(kind, start, end)
        messages.success(
            request,
            _("%(count)s rapport(s) à construire du %(start)s au %(end)s.")
            % {"count": len(report_ids), "start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"},
        )
        return redirect(
            reverse("reports_report_modeladmin_index")
            + f"?kind__exact={kind}&period_start={start:%Y-%m-%d}"
        )
    return TemplateResponse(request, "reports/admin/generate_now.html", {"form": form})
