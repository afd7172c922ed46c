import rules
from django.contrib.admin import display as admin_display
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin

from buyer_space.accounts import admin_views as staff
from buyer_space.accounts.models import Affiliation
from buyer_space.accounts.services import validation
from espace_site.admin import (
    STAFF_WORK_ITEMS_HOOK,
    RulesReadOnlyPermissionHelper,
    SingleActionButtonHelper,
    StaffWorkItem,
    in_buyer_space_menu,
)


class PendingAffiliationPermissionHelper(RulesReadOnlyPermissionHelper):
    list_permission = "accounts.review_pending_affiliations"

    def user_can_inspect_obj(self, user, obj):
        return False  # the review page (``views.staff``) stands in for the inspect view


class PendingAffiliationButtonHelper(SingleActionButtonHelper):
    """Each request: its review page, where staff accept or refuse it."""

    url_name = staff.REVIEW_URL_NAME
    action_label = _("Accepter ou refuser")


@in_buyer_space_menu(100)
class PendingAffiliationAdmin(ModelAdmin):
    """Pending requests of the establishments that have no active admin to validate them."""

    model = Affiliation
    menu_label = _("Rattachements à valider")
    menu_icon = "user"
    menu_order = 100
    list_display = ("person", "person_email", "establishment", "requested_role", "created_at")
    list_filter = ("requested_role",)
    list_select_related = ("user", "establishment")
    search_fields = ("user__first_name", "user__last_name", "user__email", "establishment__name")
    ordering = ("created_at",)
    list_per_page = 50
    permission_helper_class = PendingAffiliationPermissionHelper
    button_helper_class = PendingAffiliationButtonHelper

    def get_queryset(self, request):
        return validation.awaiting_the_centre(super().get_queryset(request))

    @admin_display(description=_("Personne"), ordering="user__last_name")
    def person(self, obj):
        return obj.user.get_full_name() or obj.user.get_username()

    @admin_display(description=_("Adresse e-mail"), ordering="user__email")
    def person_email(self, obj):
        return obj.user.email

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "accounts/affiliation/<int:pk>/",
                staff.AffiliationReviewView.as_view(),
                name=staff.REVIEW_URL_NAME,
            ),
        )


@hooks.register(STAFF_WORK_ITEMS_HOOK)
def affiliations_to_handle(request):
    if not rules.has_perm("accounts.review_pending_affiliations", request.user):
        return []
    return [
        StaffWorkItem(
            label=_("Rattachements à valider (établissements sans administrateur)"),
            count=validation.awaiting_the_centre().count(),
            url=reverse("accounts_affiliation_modeladmin_index"),
            order=20,
        )
    ]
