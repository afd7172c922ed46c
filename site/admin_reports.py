"""Wagtail's own reports (locked pages, workflows, site history, aging pages, page types) with
the formula guard of every other export: their xlsx already keeps formulas as text, their CSV
does not. The subclasses are served at the reports' own addresses, ahead of Wagtail's admin
URLs, so every link Wagtail builds to a report reaches the guarded view."""

from django.urls import path
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView

from .admin import FormulaSafeExportMixin

REPORTS = {
    "locked/": LockedPagesView,
    "workflow/": WorkflowView,
    "workflow_tasks/": WorkflowTasksView,
    "site-history/": LogEntriesView,
    "aging-pages/": AgingPagesView,
    "page-types-usage/": PageTypesUsageReportView,
}


def _guarded(view_class):
    return type(view_class.__name__, (FormulaSafeExportMixin, view_class), {})


urlpatterns = [path(route, _guarded(view).as_view()) for route, view in REPORTS.items()]
