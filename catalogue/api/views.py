"""The API endpoints of the portal: published public pages with the offer filters, public
documents only."""

from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import IntegerField, Prefetch, Q, prefetch_related_objects
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
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import (
    BadRequestError,
    page_models_from_string,
    parse_fields_parameter,
)
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from ..choices import AccessMode, DocumentVisibility, OfferStatus
from ..forms import looks_like_reference
from ..hooks import collect_offer_api_fields
from ..models import OfferPage, OfferPageDocument, PurchaseFamily
from ..visibility import public_pages
from .serializers import (
    DocumentSizeField,
    PluginOfferField,
    PrefetchedTagsField,
    RequestHtmlUrlField,
    attach_holder_rows,
)

OFFER_FILTERS = ("famille", "mode", "statut")
# The offer fields' own names accepted for the filters (a consumer reads ``status`` in the
# response and filters with it); ``family`` takes a slug as well as an id.
OFFER_FILTER_ALIASES = {"status": "statut", "access_mode": "mode"}
# The largest integer both SQLite and PostgreSQL accept (signed 64 bits).
MAX_DB_INTEGER = 2**63 - 1


def check_integer_bound(name, value, malformed_ok=True):
    """Refuse an integer the database cannot hold (SQLite raises ``OverflowError`` on it)."""
    try:
        number = int(value)
    except (TypeError, ValueError) as e:
        if malformed_ok:
            return  # Wagtail reports the malformed value itself.
        raise BadRequestError(
            _("Le paramètre %(name)s doit être un nombre entier.") % {"name": name}
        ) from e
    if abs(number) > MAX_DB_INTEGER:
        raise BadRequestError(
            _("Le paramètre %(name)s est hors limites : %(value)s.")
            % {"name": name, "value": value}
        )


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        for name in ("offset", "limit"):
            check_integer_bound(name, request.GET.get(name))
        return super().paginate_queryset(queryset, request, view)


def _is_id(value):
    return value.lstrip("-").isdigit()


def offer_filter_params(query):
    """The offer filters asked for, under their names or their fields' (``status``,
    ``access_mode``, ``family`` given as a slug)."""
    params = {name: query[name] for name in OFFER_FILTERS if name in query}
    for alias, name in OFFER_FILTER_ALIASES.items():
        if alias in query:
            params.setdefault(name, query[alias])
    if "family" in query and not _is_id(query["family"]):
        params.setdefault("famille", query["family"])
    return params


class BoundedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?family=3``), refusing what the database cannot compare with
    an integer column: out-of-range numbers, and text for a reverse relation (``?documents=x``),
    which Wagtail passes to the ORM unchecked."""

    def filter_queryset(self, request, queryset, view):
        if not _is_id(request.GET.get("family", "0")):
            # ``family=<slug>``: the offer filter's (``famille``), not the id field's.
            params = request.GET.copy()
            del params["family"]
            request = SimpleNamespace(GET=params)
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields:
                continue
            field = queryset.model._meta.get_field(name)
            if field.is_relation:
                field = field.target_field
            if isinstance(field, IntegerField):
                check_integer_bound(name, value, malformed_ok=False)
        return super().filter_queryset(request, queryset, view)


class CheckedSearchFilter(SearchFilter):
    """Wagtail's ``?search=``, guarded against inputs that crash the search backend: an unknown
    ``search_operator`` (``ValueError``), a blank query, and a double quote, which the SQLite
    full-text query does not escape. The API searches plain text: a quote means nothing there."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator")
        if operator is not None and operator.lower() not in ("and", "or"):
            raise BadRequestError(_("search_operator doit valoir « and » ou « or »."))
        params = request.GET.copy()
        params["search"] = params["search"].replace('"', " ").strip()
        if not params["search"]:
            return queryset  # a blank search (which crashes the backend) searches nothing
        if issubclass(queryset.model, OfferPage) and looks_like_reference(params["search"]):
            # "2023-R087…": a prefix of the reference, as on the catalogue (PostgreSQL's full
            # text splits a reference into numbers and does not find it).
            return queryset.filter(reference__istartswith=params["search"])
        return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)


class CompactJSONMixin:
    """Answer compact JSON. Wagtail indents its answers by four spaces: for a machine API that
    doubles their size, and Python's json module only uses its fast C encoder without indent."""

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context


class BadInputAsBadRequestMixin(CompactJSONMixin):
    """Answer a 400 with a JSON message, never a 500, when a query parameter cannot be used.

    Wagtail turns most bad parameters into a ``BadRequestError``; this adds the cases that
    would reach the database and fail there: a null character (refused by PostgreSQL and by
    SQLite's full-text search), an out-of-range integer, and a malformed value for a date field
    filter (``?start_date=demain``, for which the ORM raises ``ValidationError``).
    """

    pagination_class = BoundedPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.GET.lists():
            if any("\x00" in text for text in (name, *values)):
                raise BadRequestError(_("Les paramètres ne peuvent pas contenir de caractère nul."))

    def handle_exception(self, exc):
        if isinstance(exc, ValidationError):
            message = _("Paramètre invalide : %(detail)s") % {"detail": " ".join(exc.messages)}
            return Response({"message": message}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


class OfferFilter(BaseFilterBackend):
    """The offer filters of the pages listing (with ``type=catalogue.OfferPage``):
    ``famille=<slug>``, ``mode=intermediaire|grossiste``, ``statut=a-venir|disponible|expiree``."""

    def filter_queryset(self, request, queryset, view):
        params = offer_filter_params(request.GET)
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


# The long fields of an offer, left out of a listing that does not ask for them.
OFFER_LONG_FIELDS = ("summary", "body", "video_url", "advantages", "pricing", "beneficiary_steps")
# The page's editing columns, which no field of the API shows, and the meta fields a listing
# shows only when asked for: left out of an offers listing (each costs a conversion per row).
# (Test: tests/api/test_queries.py, where reading one of them would add a query per offer.)
PAGE_EDITING_FIELDS = (
    "translation_key",
    "latest_revision",
    "has_unpublished_changes",
    "last_published_at",
    "live_revision",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
    "draft_title",
    "owner",
    "latest_revision_created_at",
)
PAGE_OPTIONAL_META_FIELDS = ("show_in_menus", "seo_title", "search_description", "alias_of")
# What the ``documents`` field reads, prefetched for a whole page of offers. (The ``holders`` field
# reads its rows with ``attach_holder_rows``: one query of plain values for the page.)
PUBLIC_DOCUMENTS = Prefetch(
    "documents",
    queryset=OfferPageDocument.objects.filter(
        document__visibility=DocumentVisibility.PUBLIC
    ).select_related("document"),
)


def requested_fields(request):
    """The top-level names of ``?fields=`` that are asked for (``*`` for all); none when the
    parameter is malformed, which Wagtail then answers with a 400."""
    try:
        parsed = parse_fields_parameter(request.GET.get("fields", ""))
    except ValueError:
        return set()
    return {name for name, negated, _children in parsed if not negated}


class CataloguePageSerializer(PageSerializer):
    html_url = RequestHtmlUrlField()


class CataloguePagesAPIViewSet(BadInputAsBadRequestMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, restricted to live pages with no view restriction at all,
    with the offer filters and the prefetches that keep the offers listing at a fixed number
    of queries.

    """

    base_serializer_class = CataloguePageSerializer
    filter_backends = [
        BoundedFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        OfferFilter,
        CheckedSearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        OFFER_FILTERS, OFFER_FILTER_ALIASES
    )
    offer_listing_fields = [
        "reference",
        "start_date",
        "end_date",
        "status",
        "access_mode",
        "family",
    ]

    @classmethod
    def get_body_fields(cls, model):
        """Wagtail's fields of ``model``, then, for an offer, those the plugins register
        (``register_offer_api_fields``), read at each request: a plugin's hooks load after
        the models."""
        fields = super().get_body_fields(model)
        if issubclass(model, OfferPage):
            fields += [
                APIField(name, serializer=PluginOfferField(api_field))
                for name, api_field in collect_offer_api_fields().items()
            ]
        return fields

    def public_pages(self, model=Page):
        """The live pages of the request's site (or of ``?site=``) outside every private section,
        as ``model``. Wagtail's own filter shows a logged-in user the pages restricted to
        logged-in users (and a password holder the password-protected ones); this public API
        shows none of them, to anyone."""
        site = self.requested_site()
        if site is None:
            return model.objects.none()
        in_site = Q()
        for root in (site.root_page, *self.translated_roots(site)):
            in_site |= Page.objects.descendant_of_q(root, inclusive=True)
        return public_pages(model.objects.filter(in_site), self.request)

    def requested_site(self):
        """The request's site, or that of ``?site=``: found once per request (a listing asks
        for the public pages twice)."""
        if not hasattr(self, "_site"):
            try:
                validator = SiteFilterValidator(
                    site=self.request.GET.get("site"), request=self.request
                )
                self._site = validator.site_obj
            except ValueError as e:
                raise BadRequestError(str(e)) from e
        return self._site

    @staticmethod
    def translated_roots(site):
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return site.root_page.get_translations()
        return []

    def get_base_queryset(self):
        # Kept for the request: Wagtail asks for it several times.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = self.public_pages()
        return self._base_queryset

    def get_queryset(self):
        # Wagtail asks for it twice per listing (the second time for the serializer's model):
        # built once per request.
        if not hasattr(self, "_queryset"):
            model = self._single_type()
            if model is None:
                queryset = super().get_queryset()
            else:
                # One page type: its own rows, rather than Wagtail's ``pk IN (every page)``.
                queryset = self.public_pages(model).order_by("path")
            queryset = queryset.select_related("locale")
            if issubclass(queryset.model, OfferPage):
                queryset = queryset.select_related("family")
                if self.action == "listing_view":
                    queryset = self._offer_listing_queryset(queryset)
            self._queryset = queryset
        return self._queryset

    def _single_type(self):
        """The page model of ``?type=`` when it names exactly one (Wagtail checks the value)."""
        try:
            models = page_models_from_string(self.request.GET.get("type", ""))
        except (LookupError, ValueError):
            return None
        return models[0] if len(models) == 1 else None

    def _offer_listing_queryset(self, queryset):
        """Offers as a listing serializes them: without the editing columns and the long
        fields nobody asked for, with the public documents when asked for (the holders come
        with ``paginate_queryset``)."""
        fields = requested_fields(self.request)
        queryset = queryset.defer(*PAGE_EDITING_FIELDS)
        if "*" not in fields:
            optional = OFFER_LONG_FIELDS + PAGE_OPTIONAL_META_FIELDS
            queryset = queryset.defer(*(name for name in optional if name not in fields))
        queryset = queryset.defer("family__description")
        if {"documents", "*"} & fields:
            queryset = queryset.prefetch_related(PUBLIC_DOCUMENTS)
        return queryset

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        wants_holders = {"holders", "*"} & requested_fields(self.request)
        if wants_holders and issubclass(self.get_queryset().model, OfferPage):
            page = list(page)
            attach_holder_rows(page)
        return page

    def get_object(self):
        page = super().get_object()
        if isinstance(page, OfferPage):
            prefetch_related_objects([page], "family", PUBLIC_DOCUMENTS)
        return page

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

    filter_backends = [BoundedFieldsFilter, OrderingFilter, CheckedSearchFilter]

    meta_fields = [
        *BaseAPIViewSet.meta_fields,
        APIField("tags", serializer=PrefetchedTagsField()),
        "download_url",
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(visibility=DocumentVisibility.PUBLIC)
            .prefetch_related("tags")
        )


class CheckedImagesAPIViewSet(BadInputAsBadRequestMixin, ImagesAPIViewSet):
    """Wagtail's images endpoint with the same guards against bad query parameters."""

    filter_backends = [BoundedFieldsFilter, OrderingFilter, CheckedSearchFilter]
