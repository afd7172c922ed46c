"""The API endpoints of the portal: published public pages with the offer filters, public
documents only."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    LocaleFilter,
    OrderingFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from ..choices import AccessMode, DocumentVisibility, OfferStatus
from ..models import Lot, OfferPage, OfferPageDocument, PurchaseFamily
from .serializers import DocumentSizeField

OFFER_FILTERS = ("famille", "mode", "statut")


class BadInputAsBadRequestMixin:
    """Answer a 400 with a JSON message, never a 500, when a query parameter cannot be used.

    Wagtail turns most bad parameters into a ``BadRequestError``; a malformed value for a date
    field filter (``?start_date=demain``) reaches the ORM, which raises ``ValidationError``.
    """

    def handle_exception(self, exc):
        if isinstance(exc, ValidationError):
            message = _("Paramètre invalide : %(detail)s") % {"detail": " ".join(exc.messages)}
            return Response({"message": message}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


class OfferFilter(BaseFilterBackend):
    """The offer filters of the pages listing (with ``type=catalogue.OfferPage``):
    ``famille=<slug>``, ``mode=intermediaire|grossiste``, ``statut=a-venir|disponible|expiree``."""

    def filter_queryset(self, request, queryset, view):
        params = {name: request.GET[name] for name in OFFER_FILTERS if name in request.GET}
        if not params:
            return queryset
        if not issubclass(queryset.model, OfferPage):
            raise BadRequestError(
                _("Les filtres %(filters)s ne s'appliquent qu'avec type=catalogue.OfferPage.")
                % {"filters": ", ".join(params)}
            )

        if "famille" in params:
            family = PurchaseFamily.objects.filter(slug=params["famille"]).first()
            if family is None:
                raise BadRequestError(
                    _("Famille d'achat inconnue : « %(value)s ».") % {"value": params["famille"]}
                )
            queryset = queryset.filter(family=family)

        if "mode" in params:
            if params["mode"] not in AccessMode.values:
                raise BadRequestError(
                    _("Mode d'accès inconnu : « %(value)s » (valeurs possibles : %(choices)s).")
                    % {"value": params["mode"], "choices": ", ".join(AccessMode.values)}
                )
            queryset = queryset.filter(access_mode=params["mode"])

        if "statut" in params:
            if params["statut"] not in OfferStatus.values:
                raise BadRequestError(
                    _("Statut inconnu : « %(value)s » (valeurs possibles : %(choices)s).")
                    % {"value": params["statut"], "choices": ", ".join(OfferStatus.values)}
                )
            queryset = queryset.with_status(params["statut"])

        return queryset


class CataloguePagesAPIViewSet(BadInputAsBadRequestMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, restricted to live pages with no view restriction at all,
    with the offer filters and the prefetches that keep the offers listing at a fixed number
    of queries."""

    filter_backends = [
        FieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        OfferFilter,
        SearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(OFFER_FILTERS)
    offer_listing_fields = [
        "reference",
        "start_date",
        "end_date",
        "status",
        "access_mode",
        "family",
    ]

    def get_base_queryset(self):
        # Wagtail lets a logged-in user see pages restricted to logged-in users (and a password
        # holder the password-protected ones): this public API shows none of them, to anyone.
        # Kept for the request: Wagtail asks for it several times, each costing queries.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset().public()
        return self._base_queryset

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        if issubclass(queryset.model, OfferPage):
            queryset = queryset.select_related("family").prefetch_related(
                Prefetch("lots", queryset=Lot.objects.select_related("holder").order_by("number")),
                Prefetch(
                    "documents",
                    queryset=OfferPageDocument.objects.filter(
                        document__visibility=DocumentVisibility.PUBLIC
                    ).select_related("document"),
                ),
            )
        return queryset

    @classmethod
    def get_listing_default_fields(cls, model):
        fields = super().get_listing_default_fields(model)
        if issubclass(model, OfferPage):
            fields += cls.offer_listing_fields
        return fields


class PublicDocumentsAPIViewSet(BadInputAsBadRequestMixin, DocumentsAPIViewSet):
    """Wagtail's documents endpoint, public documents only: a members-only or family-restricted
    document is neither listed nor found by its id."""

    body_fields = [
        *DocumentsAPIViewSet.body_fields,
        APIField("file_size", serializer=DocumentSizeField()),
        "file_extension",
        "updated_at",
    ]
    listing_default_fields = [
        *DocumentsAPIViewSet.listing_default_fields,
        "file_size",
        "file_extension",
        "updated_at",
    ]

    def get_queryset(self):
        return super().get_queryset().filter(visibility=DocumentVisibility.PUBLIC)
