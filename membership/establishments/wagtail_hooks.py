import re

import rules
from django.contrib.admin import display as admin_display
from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail_modeladmin.helpers import ButtonHelper, DjangoORMSearchHandler, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from espace_site.admin import STAFF_WORK_ITEMS_HOOK, ExportIndexView, SafeIndexView, StaffWorkItem
from membership.establishments import admin_views as views
from membership.establishments.choices import EntityRequestStatus
from membership.establishments.forms import (
    EntityRequestAdminForm,
    EstablishmentAdminForm,
    EstablishmentGroupAdminForm,
)
from membership.establishments.models import EntityRequest, Establishment, EstablishmentGroup
from membership.establishments.validators import normalize_siret


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
    index_view_class = ExportIndexView
    list_export = ("name", "support", "member_count")
    export_filename = "ght"
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
                "establishments/entityrequest/<int:pk>/",
                views.EntityRequestReviewView.as_view(),
                name=views.REVIEW_URL_NAME,
            ),
        )


class MembershipAdminGroup(ModelAdminGroup):
    menu_label = _("Établissements")
    menu_icon = "site"
    menu_order = 250
    items = (EstablishmentAdmin, EstablishmentGroupAdmin, EntityRequestAdmin)


modeladmin_register(MembershipAdminGroup)


@hooks.register(STAFF_WORK_ITEMS_HOOK)
def entity_requests_to_handle(request):
    if not rules.has_perm("establishments.review_entity_requests", request.user):
        return []
    return [
        StaffWorkItem(
            label=_("Demandes d'ajout d'entité à vérifier"),
            count=EntityRequest.objects.filter(status=EntityRequestStatus.PENDING).count(),
            url=f"{reverse('establishments_entityrequest_modeladmin_index')}?status__exact=en-attente",
            order=10,
        )
    ]
