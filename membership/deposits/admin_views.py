"""Wagtail admin views of the convention deposits: the deposit's page (validate, or reject with a
reason) and the staff download of its zip.

Registered under the admin's URLs by ``ConventionDepositAdmin`` (``wagtail_hooks.py``); each
view tests ``deposits.process_deposits`` (staff holding Django's
``deposits.change_conventiondeposit``).
"""

import zipfile

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from espace_site.admin import ReviewView
from espace_site.files import private_file_response
from membership.deposits.choices import DepositStatus
from membership.deposits.forms import DepositDecisionForm
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


class DepositReviewView(ReviewView):
    """The deposit, the files of its zip, and *Valider* (which creates the establishment's
    contract) or *Rejeter* with a reason e-mailed to the depositor."""

    permission_required = PERMISSION
    queryset = ConventionDeposit.objects.select_related(
        "establishment", "offer", "depositor", "contract", "reviewed_by"
    )
    template_name = "deposits/admin/deposit_review.html"
    form_class = DepositDecisionForm
    index_url_name = INDEX_URL_NAME
    review_url_name = REVIEW_URL_NAME
    decision_errors = (service.DepositError,)

    def can_decide(self, deposit):
        return deposit.status == DepositStatus.RECEIVED

    def get_context_data(self, deposit, form):
        return {
            **super().get_context_data(deposit, form),
            "entries": archive_entries(deposit),
            "archive_url": reverse(ARCHIVE_URL_NAME, args=[deposit.pk]),
        }

    def get_success_url(self, deposit):
        return reverse(REVIEW_URL_NAME, args=[deposit.pk])

    def accept(self, deposit, form):
        deposit, changed = service.validate(deposit.pk, staff=self.request.user)
        if not changed:
            return None
        return _("Dépôt validé : le marché %(number)s de %(establishment)s est créé.") % {
            "number": deposit.contract.number,
            "establishment": deposit.establishment,
        }

    def refuse(self, deposit, form):
        deposit, changed = service.reject(
            deposit.pk, staff=self.request.user, reason=form.cleaned_data["reason"]
        )
        if not changed:
            return None
        return _("Dépôt rejeté : le déposant en est informé.")


class DepositArchiveView(StaffDepositMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request, pk):
        deposit = self.get_deposit()
        if not deposit.archive or not deposit.archive.storage.exists(deposit.archive.name):
            raise Http404
        filename = f"depot-{deposit.pk}-{deposit.contract_number}.zip".replace("/", "-")
        return private_file_response(deposit.archive, filename)
