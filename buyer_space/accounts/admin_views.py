"""Wagtail admin views: centre staff validate the requests of establishments with no admin.

Registered under the admin's URLs by ``PendingAffiliationAdmin`` (``wagtail_hooks.py``), so
Wagtail already requires admin access; each view also tests
``accounts.staff_validate_affiliation`` (staff, request pending, no active admin there).
"""

import rules
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from buyer_space.accounts.forms.administration import DecisionForm
from buyer_space.accounts.models import Affiliation
from buyer_space.accounts.services import validation
from espace_site.admin import ReviewView

PERMISSION = "accounts.staff_validate_affiliation"
LIST_PERMISSION = "accounts.review_pending_affiliations"
INDEX_URL_NAME = "accounts_affiliation_modeladmin_index"
REVIEW_URL_NAME = "accounts_affiliation_review"


class AffiliationReviewView(ReviewView):
    """The request's details with the *Accepter* (role) and *Refuser* (reason) buttons."""

    permission_required = LIST_PERMISSION
    queryset = Affiliation.objects.select_related("user", "user__buyer_profile", "establishment")
    template_name = "accounts/admin/affiliation_review.html"
    form_class = DecisionForm
    index_url_name = INDEX_URL_NAME
    review_url_name = REVIEW_URL_NAME
    decision_errors = (validation.DecisionError,)

    def can_decide(self, affiliation):
        return rules.has_perm(PERMISSION, self.request.user, affiliation)

    def get_form_kwargs(self, affiliation):
        return {"affiliation": affiliation}

    def already_reviewed(self, affiliation):
        messages.warning(
            self.request,
            _(
                "Cette demande ne peut plus être traitée ici : elle a déjà été traitée, ou "
                "l'établissement a désormais un administrateur actif."
            ),
        )
        return redirect(INDEX_URL_NAME)

    def accept(self, affiliation, form):
        validation.accept(
            affiliation, actor=self.request.user, role=form.cleaned_data["role"], via="centrale"
        )
        return _("Rattachement de %(name)s validé.") % {"name": self.person(affiliation)}

    def refuse(self, affiliation, form):
        validation.refuse(
            affiliation,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            via="centrale",
        )
        return _("Rattachement de %(name)s refusé.") % {"name": self.person(affiliation)}

    @staticmethod
    def person(affiliation):
        return affiliation.user.get_full_name() or affiliation.user.email
