"""Wagtail admin views: centre staff validate the requests of establishments with no admin.

Registered under the admin's URLs by ``PendingAffiliationAdmin`` (``wagtail_hooks.py``), so
Wagtail already requires admin access; each view also tests
``accounts.staff_validate_affiliation`` (staff, request pending, no active admin there).
"""

import rules
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from buyer_space.accounts.forms.administration import DecisionForm
from buyer_space.accounts.models import Affiliation
from buyer_space.accounts.services import validation

PERMISSION = "accounts.staff_validate_affiliation"
LIST_PERMISSION = "accounts.review_pending_affiliations"
INDEX_URL_NAME = "accounts_affiliation_modeladmin_index"
REVIEW_URL_NAME = "accounts_affiliation_review"


class AffiliationReviewView(PermissionRequiredMixin, View):
    """The request's details with the *Accepter* (role) and *Refuser* (reason) buttons."""

    http_method_names = ["get", "post"]
    template_name = "accounts/admin/affiliation_review.html"

    permission_required = LIST_PERMISSION
    raise_exception = True

    def get_affiliation(self):
        affiliation = (
            Affiliation.objects.select_related("user", "user__buyer_profile", "establishment")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if affiliation is None:
            raise Http404
        return affiliation

    def render(self, affiliation, form, status=200):
        context = {
            "affiliation": affiliation,
            "form": form,
            "can_decide": rules.has_perm(PERMISSION, self.request.user, affiliation),
            "index_url": reverse(INDEX_URL_NAME),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        affiliation = self.get_affiliation()
        return self.render(affiliation, DecisionForm(affiliation=affiliation))

    def post(self, request, pk):
        affiliation = self.get_affiliation()
        if not rules.has_perm(PERMISSION, request.user, affiliation):
            messages.warning(
                request,
                _(
                    "Cette demande ne peut plus être traitée ici : elle a déjà été traitée, ou "
                    "l'établissement a désormais un administrateur actif."
                ),
            )
            return redirect(INDEX_URL_NAME)
        form = DecisionForm(request.POST, affiliation=affiliation)
        if not form.is_valid():
            return self.render(affiliation, form, status=400)
        name = affiliation.user.get_full_name() or affiliation.user.email
        try:
            if form.cleaned_data["decision"] == DecisionForm.ACCEPT:
                validation.accept(
                    affiliation, actor=request.user, role=form.cleaned_data["role"], via="centrale"
                )
                messages.success(request, _("Rattachement de %(name)s validé.") % {"name": name})
            else:
                validation.refuse(
                    affiliation,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    via="centrale",
                )
                messages.success(request, _("Rattachement de %(name)s refusé.") % {"name": name})
        except validation.DecisionError as exc:
            messages.warning(request, str(exc))
        return redirect(INDEX_URL_NAME)
