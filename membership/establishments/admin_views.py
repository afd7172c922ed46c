"""The centre's review of an entity request (*demande d'ajout d'entité*): accept, which creates
the establishment, or refuse with a reason e-mailed to the requester."""

from django.utils.translation import gettext as _

from espace_site.admin import ReviewView
from membership.establishments.forms import EntityRequestDecisionForm
from membership.establishments.models import EntityRequest
from membership.establishments.services.entity_requests import (
    accept_entity_request,
    refuse_entity_request,
)

REVIEW_PERMISSION = "establishments.review_entity_requests"
INDEX_URL_NAME = "establishments_entityrequest_modeladmin_index"
REVIEW_URL_NAME = "establishments_entityrequest_review"


class EntityRequestReviewView(ReviewView):
    permission_required = REVIEW_PERMISSION
    queryset = EntityRequest.objects.select_related("requester", "reviewed_by", "establishment")
    template_name = "establishments/admin/entity_request_review.html"
    form_class = EntityRequestDecisionForm
    index_url_name = INDEX_URL_NAME
    review_url_name = REVIEW_URL_NAME

    def accept(self, entity_request, form):
        outcome = accept_entity_request(entity_request.pk, self.request.user)
        if not outcome.changed:
            return None
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
        return message % {"name": outcome.entity_request.establishment}

    def refuse(self, entity_request, form):
        outcome = refuse_entity_request(
            entity_request.pk, self.request.user, form.cleaned_data["reason"]
        )
        if not outcome.changed:
            return None
        return _("Demande refusée : le motif a été envoyé par e-mail au demandeur (%(email)s).") % {
            "email": outcome.entity_request.requester.email
        }
