from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin

from buyer_space.audit.models import AuditLogEntry
from espace_site.admin import ExportIndexView, RulesReadOnlyPermissionHelper, in_buyer_space_menu


class AuditLogPermissionHelper(RulesReadOnlyPermissionHelper):
    list_permission = "audit.view_audit_log"


@in_buyer_space_menu(600)
class AuditLogAdmin(ModelAdmin):
    model = AuditLogEntry
    menu_label = _("Journal d'audit")
    menu_icon = "history"
    menu_order = 200
    list_display = ("created_at", "action", "actor_label", "subject_label", "establishment")
    list_filter = ("action", "establishment")
    list_select_related = ("establishment",)
    search_fields = ("actor_label", "subject_label", "establishment__name")
    inspect_view_enabled = True
    inspect_view_fields = (
        "created_at",
        "action",
        "actor_label",
        "subject_label",
        "establishment",
        "details",
    )
    list_per_page = 50
    index_view_class = ExportIndexView
    list_export = (
        "created_at",
        "action",
        "actor_label",
        "subject_label",
        "establishment",
        "details",
    )
    export_filename = "journal-d-audit"
    permission_helper_class = AuditLogPermissionHelper
