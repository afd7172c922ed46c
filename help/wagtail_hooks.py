"""Admin registration of the help section's snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from espace_site.admin import ExportingSnippetViewSet

from .models import RegionalCorrespondent


class RegionalCorrespondentViewSet(ExportingSnippetViewSet):
    model = RegionalCorrespondent
    icon = "group"
    menu_label = _("Correspondants régionaux")
    menu_name = "regional-correspondents"
    menu_order = 400
    add_to_admin_menu = True
    list_display = ["name", "region", "email", "phone", "sort_order"]
    list_filter = ["region"]
    list_export = ["name", "get_region_display", "email", "phone"]
    export_headings = {"get_region_display": _("Région")}
    export_filename = "correspondants-regionaux"
    search_fields = ["name", "email", "phone"]
    search_backend_name = None
    ordering = ["sort_order", "region", "name"]
    list_per_page = 50


register_snippet(RegionalCorrespondentViewSet)
