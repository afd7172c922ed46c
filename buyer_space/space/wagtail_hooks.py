from django.contrib.admin import display as admin_display
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail_modeladmin.options import ModelAdmin

from buyer_space.space.forms.documents import DataFileAdminForm, OtherDocumentAdminForm
from buyer_space.space.models import DataFile, Newsletter, OtherDocument
from buyer_space.space.views import documents
from espace_site.admin import (
    ExportIndexView,
    ExportingSnippetViewSet,
    StaffDownloadMixin,
    in_buyer_space_menu,
)


@in_buyer_space_menu(400)
class OtherDocumentAdmin(StaffDownloadMixin, ModelAdmin):
    model = OtherDocument
    menu_label = _("Autres documents")
    menu_icon = "doc-full"
    menu_order = 300
    list_display = ("title", "category", "recipient", "published_on", "download")
    list_filter = ("category",)
    list_select_related = ("establishment",)
    search_fields = ("title", "establishment__name", "establishment__siret")
    ordering = ("-published_on", "title")
    list_per_page = 50
    index_view_class = ExportIndexView
    list_export = ("title", "category", "recipient", "published_on")
    export_filename = "autres-documents"
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("category"),
            FieldPanel("establishment"),
            FieldPanel("published_on"),
            FieldPanel("file"),
        ],
        base_form_class=OtherDocumentAdminForm,
    )

    @admin_display(description=_("Destinataire"), ordering="establishment__name")
    def recipient(self, obj):
        return obj.establishment or _("Tous les établissements adhérents")

    download_url_name = documents.STAFF_OTHER_DOCUMENT_URL_NAME
    download_view = staticmethod(documents.staff_download_other_document)


@in_buyer_space_menu(500)
class DataFileAdmin(StaffDownloadMixin, ModelAdmin):
    model = DataFile
    menu_label = _("Fichiers de données")
    menu_icon = "table"
    menu_order = 310
    list_display = ("establishment", "kind", "period_start", "period_end", "created_at", "download")
    list_filter = ("kind",)
    list_select_related = ("establishment",)
    search_fields = ("establishment__name", "establishment__siret")
    ordering = ("-period_start", "establishment__name")
    list_per_page = 50
    index_view_class = ExportIndexView
    list_export = ("establishment", "kind", "period_start", "period_end", "created_at")
    export_filename = "fichiers-de-donnees"
    edit_handler = ObjectList(
        [
            FieldPanel("establishment"),
            FieldPanel("group"),
            FieldPanel("kind"),
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            FieldPanel("file"),
        ],
        base_form_class=DataFileAdminForm,
    )

    download_url_name = documents.STAFF_DATA_FILE_URL_NAME
    download_view = staticmethod(documents.staff_download_data_file)


class NewsletterViewSet(ExportingSnippetViewSet):
    model = Newsletter
    icon = "mail"
    menu_label = _("Lettres d'information")
    menu_name = "newsletters"
    list_display = ["name", "sort_order", Column("subscriber_count", label=_("Abonnés"))]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["sort_order", "name"]
    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]

    def get_queryset(self, request):
        return Newsletter.objects.annotate(subscriber_count=Count("subscribers"))


register_snippet(NewsletterViewSet)
