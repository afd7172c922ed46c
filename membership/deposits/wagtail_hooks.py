import rules
from django.contrib.admin import display as admin_display
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin

from espace_site.admin import (
    STAFF_WORK_ITEMS_HOOK,
    ExportIndexView,
    RulesReadOnlyPermissionHelper,
    SingleActionButtonHelper,
    StaffWorkItem,
    UsedRelatedFilter,
    in_buyer_space_menu,
)
from membership.deposits import admin_views as deposit_admin
from membership.deposits.choices import DepositStatus
from membership.deposits.models import ConventionDeposit


class DepositPermissionHelper(RulesReadOnlyPermissionHelper):
    list_permission = "deposits.process_deposits"

    def user_can_inspect_obj(self, user, obj):
        return False  # the review page (``views.deposit_admin``) stands in for the inspect view


class DepositButtonHelper(SingleActionButtonHelper):
    """Each deposit: its review page (to process while received, to read afterwards)."""

    url_name = deposit_admin.REVIEW_URL_NAME

    def label(self, obj):
        return _("Traiter") if obj.status == DepositStatus.RECEIVED else _("Consulter")


class DepositOfferFilter(UsedRelatedFilter):
    title = _("offre")
    parameter_name = "offre"
    field = "offer"
    label = "title"


class DepositEstablishmentFilter(UsedRelatedFilter):
    title = _("établissement")
    parameter_name = "etablissement"
    field = "establishment"


@in_buyer_space_menu(300)
class ConventionDepositAdmin(ModelAdmin):
    model = ConventionDeposit
    menu_label = _("Dépôts de conventions")
    menu_icon = "doc-full"
    menu_order = 60
    list_display = (
        "created_at",
        "company_name",
        "establishment",
        "offer_title",
        "contract_number",
        "status",
    )
    list_filter = ("status", DepositOfferFilter, DepositEstablishmentFilter)
    list_select_related = ("establishment", "offer")
    search_fields = ("company_name", "contract_number", "establishment__name", "email")
    ordering = ("-created_at", "-pk")
    list_per_page = 50
    index_view_class = ExportIndexView
    list_export = (
        "created_at",
        "company_name",
        "establishment",
        "offer_title",
        "contract_number",
        "email",
        "phone",
        "order_reference",
        "chorus_service_code",
        "status",
        "reviewed_at",
    )
    export_filename = "depots-conventions"
    permission_helper_class = DepositPermissionHelper
    button_helper_class = DepositButtonHelper

    @admin_display(description=_("Offre"), ordering="offer__title")
    def offer_title(self, obj):
        return obj.offer.title

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "deposits/conventiondeposit/<int:pk>/traiter/",
                deposit_admin.DepositReviewView.as_view(),
                name=deposit_admin.REVIEW_URL_NAME,
            ),
            path(
                "deposits/conventiondeposit/<int:pk>/convention.zip",
                deposit_admin.DepositArchiveView.as_view(),
                name=deposit_admin.ARCHIVE_URL_NAME,
            ),
        )


@hooks.register(STAFF_WORK_ITEMS_HOOK)
def deposits_to_handle(request):
    if not rules.has_perm("deposits.process_deposits", request.user):
        return []
    return [
        StaffWorkItem(
            label=_("Dépôts de conventions à traiter"),
            count=ConventionDeposit.objects.filter(status=DepositStatus.RECEIVED).count(),
            url=f"{reverse('deposits_conventiondeposit_modeladmin_index')}?status__exact=recu",
            order=30,
        )
    ]
