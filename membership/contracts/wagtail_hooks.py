from django.contrib.admin import SimpleListFilter
from django.contrib.admin import display as admin_display
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView

from espace_site.admin import ExportIndexView, SafeIndexView, StaffDownloadMixin
from membership.contracts import admin_views as views
from membership.contracts.forms import (
    ContractAdminForm,
    ContractDocumentAdminForm,
    SubsequentContractAdminForm,
)
from membership.contracts.models import Contract, ContractDocument, SubsequentContract


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
    return f"{reverse(f'contracts_{model}_modeladmin_index')}?marche={contract.pk}"


class ContractButtonHelper(ButtonHelper):
    """Each contract links to its subsequent contracts and documents (filtered lists)."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        classname = self.finalise_classname(classnames_add or [], classnames_exclude or [])
        for model, label in (
            ("subsequentcontract", _("Marchés subséquents")),
            ("contractdocument", _("Documents")),
        ):
            if self.request.user.has_perm(f"contracts.view_{model}") or self.request.user.has_perm(
                f"contracts.change_{model}"
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
