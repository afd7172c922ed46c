from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from membership.establishments.forms import RefuseEntityRequestForm
from membership.establishments.models import EntityRequest
from membership.establishments.services.entity_requests import (
    accept_entity_request,
    refuse_entity_request,
)

REVIEW_PERMISSION = "establishments.review_entity_requests"


INDEX_URL_NAME = "establishments_entityrequest_modeladmin_index"


REVIEW_URL_NAME = "establishments_entityrequest_review"


ACCEPT_URL_NAME = "establishments_entityrequest_accept"


REFUSE_URL_NAME = "establishments_entityrequest_refuse"


class EntityRequestReviewMixin(PermissionRequiredMixin):
    permission_required = REVIEW_PERMISSION
    raise_exception = True
    template_name = "establishments/admin/entity_request_review.html"

    def get_entity_request(self):
        return get_object_or_404(
            EntityRequest.objects.select_related("requester", "reviewed_by", "establishment"),
            pk=self.kwargs["pk"],
        )

    def render_review(self, entity_request, refuse_form=None, status=200):
        context = {
            "entity_request": entity_request,
            "refuse_form": refuse_form or RefuseEntityRequestForm(),
            "index_url": reverse(INDEX_URL_NAME),
            "accept_url": reverse(ACCEPT_URL_NAME, args=[entity_request.pk]),
            "refuse_url": reverse(REFUSE_URL_NAME, args=[entity_request.pk]),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def already_reviewed(self, entity_request):
        messages.warning(
            self.request,
            _("Cette demande a déjà été traitée (%(status)s) : rien n'a été modifié.")
            % {"status": entity_request.get_status_display().lower()},
        )
        return redirect(REVIEW_URL_NAME, pk=entity_request.pk)


class EntityRequestReviewView(EntityRequestReviewMixin, View):
    """The request's details, with the *Accepter* and *Refuser* forms while it is pending."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, pk):
        return self.render_review(self.get_entity_request())


class EntityRequestAcceptView(EntityRequestReviewMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        outcome = accept_entity_request(self.get_entity_request().pk, request.user)
        if not outcome.changed:
            return self.already_reviewed(outcome.entity_request)
        establishment = outcome.entity_request.establishment
        if outcome.establishment_created:
            message = _(
                "Demande acceptée : l'établissement « %(name)s » a été créé. Vérifiez son GHT "
                "et son statut d'adhérent."
            )
        else:
            message = _(
                "Demande acceptée : un établissement avec ce N° SIRET existait déjà "
                "(« %(name)s ») ; le demandeur y est rattaché."
            )
        messages.success(request, message % {"name": establishment})
        return redirect(INDEX_URL_NAME)


class EntityRequestRefuseView(EntityRequestReviewMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        entity_request = self.get_entity_request()
        if not entity_request.is_pending:
            return self.already_reviewed(entity_request)
        form = RefuseEntityRequestForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("La demande n'a pas été refusée : corrigez l'erreur."))
            return self.render_review(entity_request, refuse_form=form)
        outcome = refuse_entity_request(
            entity_request.pk, request.user, form.cleaned_data["reason"]
        )
        if not outcome.changed:
            return self.already_reviewed(outcome.entity_request)
        messages.success(
            request,
            _("Demande refusée : le motif a été envoyé par e-mail au demandeur (%(email)s).")
            % {"email": outcome.entity_request.requester.email},
        )
        return redirect(INDEX_URL_NAME)
