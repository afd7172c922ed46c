"""Admin registration of the establishments, GHT, entity requests and contracts (*marchés en
cours*), and the demo seeder."""

import re
from collections import OrderedDict

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin import display as admin_display
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import label_for_field, lookup_field
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail_modeladmin.helpers import ButtonHelper, DjangoORMSearchHandler, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, IndexView

from catalogue.hooks import SEED_DEMO_HOOK

from . import views
from .forms import (
    ContractAdminForm,
    ContractDocumentAdminForm,
    EntityRequestAdminForm,
    EstablishmentAdminForm,
    EstablishmentGroupAdminForm,
    SubsequentContractAdminForm,
)
from .models import (
    Contract,
    ContractDocument,
    EntityRequest,
    Establishment,
    EstablishmentGroup,
    SubsequentContract,
)
from .validators import normalize_siret

# Cells a spreadsheet would run as a formula when the CSV is opened (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class SafeIndexView(IndexView):
    """A filter value that does not fit its field (``?group__id__exact=abc``) shows the whole
    list with a message instead of failing."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.error(
                request, _("Ce filtre n'est pas valide : la liste complète est affichée.")
            )
            return redirect(self.index_url)


class StaffDownloadMixin:
    """For a ``ModelAdmin`` of a model with a private file: a *Télécharger* column, and the
    staff's permission-checked download view registered under the admin's URLs
    (``<app>/<model>/<pk>/telecharger/``, named ``download_url_name``)."""

    download_url_name = None
    download_view = None  # a staticmethod: (request, pk) -> the file's response

    @admin_display(description=_("Fichier"))
    def download(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse(self.download_url_name, args=[obj.pk]),
            _("Télécharger"),
        )

    def get_admin_urls_for_registration(self):
        opts = self.model._meta
        return super().get_admin_urls_for_registration() + (
            path(
                f"{opts.app_label}/{opts.model_name}/<int:pk>/telecharger/",
                self.download_view,
                name=self.download_url_name,
            ),
        )


class ExportIndexView(SafeIndexView):
    """Exports choice labels, *Oui*/*Non* and empty cells rather than raw values and « - »."""

    def to_row_dict(self, item):
        row = OrderedDict()
        for name in self.list_export:
            field, _attr, value = lookup_field(name, item, self.model_admin)
            if field is not None and getattr(field, "flatchoices", None):
                value = dict(field.flatchoices).get(value, value)
            if isinstance(value, bool):
                value = _("Oui") if value else _("Non")
            row[name] = "" if value is None else value
        return row

    def get_heading(self, queryset, field):
        return str(capfirst(label_for_field(field, self.model, model_admin=self.model_admin)))

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        is_csv_text = export_format == self.FORMAT_CSV and isinstance(value, str)
        if is_csv_text and value.startswith(_FORMULA_PREFIXES):
            value = "'" + value
        return value


class SiretSearchHandler(DjangoORMSearchHandler):
    """A search made only of digits, spaces and dots is a SIRET typed in groups: join them."""

    def search_queryset(self, queryset, search_term, **kwargs):
        if re.fullmatch(r"[\d\s.]{5,}", search_term or ""):
            search_term = normalize_siret(search_term)
        return super().search_queryset(queryset, search_term, **kwargs)


class EstablishmentAdmin(ModelAdmin):
    model = Establishment
    menu_label = _("Établissements")
    menu_icon = "site"
    menu_order = 100
    list_display = ("name", "acronym", "siret", "city", "is_member", "group")
    list_filter = ("is_member", "group", "legal_status", "activity_domain")
    list_select_related = ("group",)
    search_fields = ("name", "acronym", "siret", "city")
    search_handler_class = SiretSearchHandler
    ordering = ("name",)
    list_per_page = 50
    index_view_class = ExportIndexView
    list_export = (
        "name",
        "acronym",
        "siret",
        "address",
        "postcode",
        "city",
        "activity_domain",
        "legal_status",
        "revenue_title_method",
        "annual_purchase_amount",
        "is_member",
        "member_since",
        "group",
        "group_role",
    )
    export_filename = "etablissements"
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldRowPanel([FieldPanel("siret"), FieldPanel("acronym")]),
                    FieldRowPanel([FieldPanel("activity_domain"), FieldPanel("legal_status")]),
                ],
                heading=_("Entité juridique"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("address"),
                    FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                ],
                heading=_("Adresse"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("is_member"), FieldPanel("member_since")]),
                    FieldPanel("revenue_title_method"),
                    FieldPanel("annual_purchase_amount"),
                ],
                heading=_("Adhésion à la centrale"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("group"), FieldPanel("group_role")])],
                heading=_("GHT"),
            ),
        ],
        base_form_class=EstablishmentAdminForm,
    )


class EstablishmentGroupAdmin(ModelAdmin):
    model = EstablishmentGroup
    menu_label = _("GHT")
    menu_icon = "group"
    menu_order = 200
    list_display = ("name", "support", "member_count")
    list_select_related = ("support",)
    search_fields = ("name",)
    ordering = ("name",)
    index_view_class = SafeIndexView
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel(
                "support",
                help_text=_(
                    "Un établissement de ce GHT dont le rôle est « Établissement support »."
                ),
            ),
        ],
        base_form_class=EstablishmentGroupAdminForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("establishments"))

    @admin_display(description=_("Établissements"))
    def member_count(self, obj):
        return obj._member_count


class EntityRequestPermissionHelper(PermissionHelper):
    """Requests come from buyers: the staff cannot create one, and edit only a pending one."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return obj.is_pending and super().user_can_edit_obj(user, obj)


class EntityRequestButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.request.user.has_perm(views.REVIEW_PERMISSION):
            label = _("Accepter ou refuser") if obj.is_pending else _("Consulter")
            buttons.insert(
                0,
                {
                    "url": reverse(views.REVIEW_URL_NAME, args=[obj.pk]),
                    "label": label,
                    "classname": self.finalise_classname(classnames_add, classnames_exclude),
                    "title": label,
                },
            )
        return buttons


class EntityRequestAdmin(ModelAdmin):
    model = EntityRequest
    menu_label = _("Demandes d'ajout d'entité")
    menu_icon = "form"
    menu_order = 300
    list_display = ("name", "siret", "city", "requester_email", "created_at", "status")
    list_filter = ("status",)
    list_select_related = ("requester",)
    search_fields = ("name", "siret", "city", "requester__email")
    search_handler_class = SiretSearchHandler
    index_view_class = SafeIndexView
    permission_helper_class = EntityRequestPermissionHelper
    button_helper_class = EntityRequestButtonHelper
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("siret"), FieldPanel("acronym")]),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
            FieldRowPanel([FieldPanel("activity_domain"), FieldPanel("legal_status")]),
            FieldRowPanel([FieldPanel("group_name"), FieldPanel("group_role_label")]),
            FieldPanel("revenue_title_method"),
            FieldPanel("annual_purchase_amount"),
            FieldPanel("wants_admin_role"),
        ],
        base_form_class=EntityRequestAdminForm,
    )

    @admin_display(description=_("Demandeur"), ordering="requester__email")
    def requester_email(self, obj):
        return obj.requester.email or obj.requester.get_username()

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "membership/entityrequest/<int:pk>/",
                views.EntityRequestReviewView.as_view(),
                name=views.REVIEW_URL_NAME,
            ),
            path(
                "membership/entityrequest/<int:pk>/accepter/",
                views.EntityRequestAcceptView.as_view(),
                name=views.ACCEPT_URL_NAME,
            ),
            path(
                "membership/entityrequest/<int:pk>/refuser/",
                views.EntityRequestRefuseView.as_view(),
                name=views.REFUSE_URL_NAME,
            ),
        )


class MembershipAdminGroup(ModelAdminGroup):
    menu_label = _("Établissements")
    menu_icon = "site"
    menu_order = 250
    items = (EstablishmentAdmin, EstablishmentGroupAdmin, EntityRequestAdmin)


modeladmin_register(MembershipAdminGroup)


# --- Contracts (*marchés en cours*): contracts, subsequent contracts, documents ---------------


def _contract_id(value):
    return int(value) if value and str(value).isdigit() and len(str(value)) < 10 else None


class ContractListFilter(SimpleListFilter):
    """``?marche=<id>``: the rows of one contract (shown only when a contract is selected, so
    the side panel does not list every contract). A value that is not a contract is ignored."""

    title = _("marché")
    parameter_name = "marche"

    def lookups(self, request, model_admin):
        contract_id = _contract_id(self.value())
        contract = Contract.objects.filter(pk=contract_id).first() if contract_id else None
        return [(str(contract.pk), str(contract))] if contract else []

    def queryset(self, request, queryset):
        contract_id = _contract_id(self.value())
        return queryset.filter(contract_id=contract_id) if contract_id else queryset


class PrefilledCreateView(CreateView):
    """``?marche=<id>`` preselects the contract of a new subsequent contract or document."""

    def get_initial(self):
        initial = super().get_initial()
        contract_id = _contract_id(self.request.GET.get("marche"))
        if contract_id and Contract.objects.filter(pk=contract_id).exists():
            initial["contract"] = contract_id
        return initial


def _index_url(model, contract):
    return f"{reverse(f'membership_{model}_modeladmin_index')}?marche={contract.pk}"


class ContractButtonHelper(ButtonHelper):
    """Each contract links to its subsequent contracts and documents (filtered lists)."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        classname = self.finalise_classname(classnames_add or [], classnames_exclude or [])
        for model, label in (
            ("subsequentcontract", _("Marchés subséquents")),
            ("contractdocument", _("Documents")),
        ):
            if self.request.user.has_perm(f"membership.view_{model}") or self.request.user.has_perm(
                f"membership.change_{model}"
            ):
                buttons.append(
                    {
                        "url": _index_url(model, obj),
                        "label": label,
                        "classname": classname,
                        "title": label,
                    }
                )
        return buttons


class ContractAdmin(ModelAdmin):
    model = Contract
    menu_label = _("Marchés en cours")
    menu_icon = "doc-full"
    menu_order = 100
    list_display = (
        "number",
        "title",
        "establishment",
        "offer",
        "start_date",
        "end_date",
        "origin",
        "status",
    )
    list_filter = ("origin", "family", "establishment")
    list_select_related = ("establishment", "offer", "family")
    search_fields = ("number", "title", "establishment__name", "offer__title")
    ordering = ("-start_date", "number")
    list_per_page = 50
    index_view_class = ExportIndexView
    button_helper_class = ContractButtonHelper
    list_export = (
        "number",
        "title",
        "establishment",
        "offer",
        "family",
        "origin",
        "start_date",
        "end_date",
    )
    export_filename = "marches-en-cours"
    edit_handler = ObjectList(
        [
            FieldPanel("establishment"),
            PageChooserPanel("offer", "catalogue.OfferPage"),
            FieldPanel(
                "family",
                help_text=_("Laissée vide, la famille de l'offre est reprise."),
            ),
            FieldRowPanel([FieldPanel("number"), FieldPanel("origin")]),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        ],
        base_form_class=ContractAdminForm,
    )

    @admin_display(description=_("Statut"))
    def status(self, obj):
        return obj.get_status().label


class SubsequentContractAdmin(ModelAdmin):
    model = SubsequentContract
    menu_label = _("Marchés subséquents")
    menu_icon = "doc-full-inverse"
    menu_order = 200
    list_display = ("reference", "title", "contract", "establishment", "notified_on")
    list_filter = (ContractListFilter,)
    list_select_related = ("contract", "contract__establishment")
    search_fields = ("reference", "title", "contract__number", "contract__title")
    ordering = ("-notified_on", "reference")
    list_per_page = 50
    index_view_class = SafeIndexView
    create_view_class = PrefilledCreateView
    edit_handler = ObjectList(
        [
            FieldPanel("contract"),
            FieldRowPanel([FieldPanel("reference"), FieldPanel("notified_on")]),
            FieldPanel("title"),
        ],
        base_form_class=SubsequentContractAdminForm,
    )

    @admin_display(description=_("Établissement"), ordering="contract__establishment__name")
    def establishment(self, obj):
        return obj.contract.establishment


class ContractDocumentAdmin(StaffDownloadMixin, ModelAdmin):
    """Documents of the contracts; their files stay private: the list and the form link them
    through :func:`views.download_contract_document` only."""

    model = ContractDocument
    menu_label = _("Documents de marché")
    menu_icon = "doc-empty"
    menu_order = 300
    list_display = ("title", "contract", "subsequent_contract", "uploaded_at", "download")
    list_filter = (ContractListFilter,)
    list_select_related = ("contract", "subsequent_contract")
    search_fields = ("title", "contract__number", "contract__title")
    ordering = ("-uploaded_at",)
    list_per_page = 50
    index_view_class = SafeIndexView
    create_view_class = PrefilledCreateView
    edit_handler = ObjectList(
        [
            FieldPanel("contract"),
            FieldPanel(
                "subsequent_contract",
                help_text=_(
                    "Facultatif : le marché subséquent du marché choisi que ce document concerne."
                ),
            ),
            FieldPanel("title"),
            FieldPanel("file"),
        ],
        base_form_class=ContractDocumentAdminForm,
    )
    download_url_name = views.CONTRACT_DOCUMENT_DOWNLOAD_URL_NAME
    download_view = staticmethod(views.download_contract_document)


class ContractsAdminGroup(ModelAdminGroup):
    menu_label = _("Marchés")
    menu_icon = "doc-full"
    menu_order = 255
    items = (ContractAdmin, SubsequentContractAdmin, ContractDocumentAdmin)


modeladmin_register(ContractsAdminGroup)


@hooks.register(SEED_DEMO_HOOK)
def seed_membership_demo(stdout, options):
    from .services.demo import seed_establishments

    seed_establishments(stdout)
