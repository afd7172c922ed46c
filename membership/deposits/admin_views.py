"""Wagtail admin views of the convention deposits: the deposit's page (validate, or reject with a
reason) and the staff download of its zip.

Registered under the admin's URLs by ``ConventionDepositAdmin`` (``wagtail_hooks.py``); each
view tests ``deposits.process_deposits`` (staff holding Django's
``deposits.change_conventiondeposit``).
"""

import zipfile

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from espace_site.files import private_file_response
from membership.deposits.choices import DepositStatus
from membership.deposits.forms import DepositRejectionForm
from membership.deposits.models import ConventionDeposit
from membership.deposits.services import deposits as service

PERMISSION = "deposits.process_deposits"
INDEX_URL_NAME = "deposits_conventiondeposit_modeladmin_index"
REVIEW_URL_NAME = "deposits_deposit_review"
ARCHIVE_URL_NAME = "deposits_deposit_archive"


class StaffDepositMixin(PermissionRequiredMixin):
    permission_required = PERMISSION
    raise_exception = True

    def get_deposit(self):
        deposit = (
            ConventionDeposit.objects.select_related(
                "establishment", "offer", "depositor", "contract", "reviewed_by"
            )
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if deposit is None:
            raise Http404
        return deposit


def archive_entries(deposit):
    """Names and sizes of the files in the deposit's zip (read from its central directory)."""
    try:
        with deposit.archive.open("rb") as handle, zipfile.ZipFile(handle) as archive:
            return [
                {"name": info.filename, "size": info.file_size}
                for info in archive.infolist()
                if not info.is_dir()
            ]
    except (OSError, zipfile.BadZipFile, ValueError):
        return None


class DepositReviewView(StaffDepositMixin, View):
    http_method_names = ["get", "post"]
    template_name = "deposits/admin/deposit_review.html"

    def render(self, deposit, rejection_form=None, status=200):
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "deposit": deposit,
                "entries": archive_entries(deposit),
                "rejection_form": rejection_form or DepositRejectionForm(),
                "can_decide": deposit.status == DepositStatus.RECEIVED,
                "index_url": reverse(INDEX_URL_NAME),
                "archive_url": reverse(ARCHIVE_URL_NAME, args=[deposit.pk]),
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render(self.get_deposit())

    def post(self, request, pk):
        deposit = self.get_deposit()
        action = request.POST.get("decision")
        try:
            if action == "valider":
                deposit, changed = service.validate(deposit.pk, staff=request.user)
                if changed:
                    messages.success(
                        request,
                        _("Dépôt validé : le marché %(number)s de %(establishment)s est créé.")
                        % {
                            "number": deposit.contract.number,
                            "establishment": deposit.establishment,
                        },
                    )
                else:
                    messages.info(request, _("Ce dépôt était déjà validé."))
                return redirect(REVIEW_URL_NAME, pk=deposit.pk)
            if action == "rejeter":
                form = DepositRejectionForm(request.POST)
                if not form.is_valid():
                    return self.render(deposit, rejection_form=form, status=200)
                deposit, changed = service.reject(
                    deposit.pk, staff=request.user, reason=form.cleaned_data["reason"]
                )
                if changed:
                    messages.success(request, _("Dépôt rejeté : le déposant en est informé."))
                else:
                    messages.info(request, _("Ce dépôt était déjà rejeté."))
                return redirect(REVIEW_URL_NAME, pk=deposit.pk)
        except service.DepositError as error:
            messages.error(request, str(error))
            return redirect(REVIEW_URL_NAME, pk=deposit.pk)
        messages.error(request, _("Choisissez « Valider » ou « Rejeter »."))
        return redirect(REVIEW_URL_NAME, pk=deposit.pk)


class DepositArchiveView(StaffDepositMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, pk):
        deposit = self.get_deposit()
        if not deposit.archive or not deposit.archive.storage.exists(deposit.archive.name):
            raise Http404
        filename = f"depot-{deposit.pk}-{deposit.contract_number}.zip".replace("/", "-")
        return private_file_response(deposit.archive, filename)
