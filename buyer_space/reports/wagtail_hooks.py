import rules
from django.contrib.admin import display as admin_display
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import PeriodicTask
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from buyer_space.reports import admin_views
from buyer_space.reports.choices import ReportStatus
from buyer_space.reports.forms import LedgerUploadForm, ReportScheduleForm
from buyer_space.reports.models import LedgerImport, Report
from espace_site.admin import (
    STAFF_WORK_ITEMS_HOOK,
    ExportIndexView,
    SafeIndexView,
    StaffWorkItem,
    in_buyer_space_menu,
)

REPORT_TASK = "buyer_space.reports.tasks.build_periodic_reports"


class ImportPermissionHelper(PermissionHelper):
    """Imports are added (uploaded) and read, never edited nor deleted by hand."""

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


@in_buyer_space_menu(510)
class LedgerImportAdmin(ModelAdmin):
    model = LedgerImport
    menu_label = _("Imports du grand livre")
    menu_icon = "upload"
    list_display = ("source_name", "status", "rows_read", "rows_imported", "error_count",
                    "created_at", "created_by")  # fmt: skip
    list_filter = ("status",)
    ordering = ("-created_at",)
    list_per_page = 50
    index_view_class = SafeIndexView
    inspect_view_enabled = True
    inspect_view_class = admin_views.LedgerImportResultView
    create_view_class = admin_views.LedgerUploadView
    permission_helper_class = ImportPermissionHelper
    edit_handler = ObjectList([FieldPanel("file")], base_form_class=LedgerUploadForm)

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "reports/ledgerimport/<int:pk>/erreurs/",
                admin_views.download_error_report,
                name=admin_views.ERROR_REPORT_URL_NAME,
            ),
        )


class ReportPermissionHelper(PermissionHelper):
    """Reports are asked for through *Générer maintenant* or built by the beat, never edited."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


@in_buyer_space_menu(520)
class ReportAdmin(ModelAdmin):
    model = Report
    menu_label = _("Rapports")
    menu_icon = "table"
    list_display = ("kind", "period_start", "scope", "establishment", "status", "rows_written",
                    "attempts", "finished_at")  # fmt: skip
    list_filter = ("kind", "status", "scope", "period_start")
    list_select_related = ("establishment",)
    search_fields = ("establishment__name", "establishment__siret")
    ordering = ("-period_start", "kind", "establishment__name")
    list_per_page = 50
    index_view_class = ExportIndexView
    index_template_name = "reports/admin/report_index.html"
    list_export = ("kind", "period_start", "period_end", "scope", "establishment", "status",
                   "rows_written", "finished_at")  # fmt: skip
    export_filename = "rapports"
    permission_helper_class = ReportPermissionHelper


class SchedulePermissionHelper(PermissionHelper):
    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


@in_buyer_space_menu(530)
class ReportScheduleAdmin(ModelAdmin):
    """The beat's schedule of the reports (django-celery-beat's periodic tasks)."""

    model = PeriodicTask
    menu_label = _("Planification des rapports")
    menu_icon = "time"
    list_display = ("name", "schedule", "enabled", "last_run_at")
    ordering = ("name",)
    index_view_class = SafeIndexView
    permission_helper_class = SchedulePermissionHelper
    edit_handler = ObjectList(
        [
            FieldPanel("enabled"),
            FieldRowPanel(
                [
                    FieldPanel("minute"),
                    FieldPanel("hour"),
                    FieldPanel("day_of_month"),
                    FieldPanel("month_of_year"),
                    FieldPanel("day_of_week"),
                ],
                heading=_("Planification (crontab, heure de Paris)"),
            ),
        ],
        base_form_class=ReportScheduleForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).filter(task=REPORT_TASK).select_related("crontab")

    @admin_display(description=_("Planification"))
    def schedule(self, obj):
        crontab = obj.crontab
        if crontab is None:
            return "—"
        return format_html(
            "{} {} {} {} {}",
            crontab.minute,
            crontab.hour,
            crontab.day_of_month,
            crontab.month_of_year,
            crontab.day_of_week,
        )


@hooks.register("register_admin_urls")
def generate_now_urls():
    return [path("reports/generer/", admin_views.generate_now, name=admin_views.GENERATE_URL_NAME)]


@hooks.register(STAFF_WORK_ITEMS_HOOK)
def failed_reports(request):
    """*Rapports en échec* on the staff dashboard: the reports whose build failed."""
    if not rules.has_perm("reports.generate_reports", request.user):
        return []
    return [
        StaffWorkItem(
            label=_("Rapports en échec"),
            count=Report.objects.filter(status=ReportStatus.FAILED).count(),
            url=f"{reverse('reports_report_modeladmin_index')}?status__exact={ReportStatus.FAILED}",
            order=60,
        )
    ]
