"""Admin registration of the catalogue's snippets, and the permission check on document files."""

from django.http import Http404
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from espace_site.admin import ExportingSnippetViewSet

from .models import Holder, Lot, PurchaseFamily


@hooks.register("before_serve_document")
def check_document_access(document, request):
    """Serve a document only to whom ``catalogue.download_document`` allows it.

    A refused document answers 404, exactly like a missing one, so its existence is not
    revealed. A restricted one is flagged for ``views.serve_document`` to mark it private.
    """
    if not request.user.has_perm("catalogue.download_document", document):
        raise Http404
    request.catalogue_restricted_document = not document.is_public


@hooks.register("insert_editor_js")
def rich_text_labels_js():
    """Rich-text fields named by their label for screen readers (Draftail leaves them unnamed)."""
    return format_html(
        '<script src="{}" defer></script>', static("catalogue/admin/rich-text-labels.js")
    )


class PurchaseFamilyViewSet(ExportingSnippetViewSet):
    model = PurchaseFamily
    icon = "folder-open-inverse"
    menu_label = _("Familles d'achat")
    menu_name = "purchase-families"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "slug", "description"]
    search_backend_name = None
    ordering = ["sort_order", "name"]


class HolderViewSet(ExportingSnippetViewSet):
    model = Holder
    icon = "group"
    menu_label = _("Titulaires")
    menu_name = "holders"
    list_display = ["name", "contact_name", "email", "phone"]
    list_export = ["name", "contact_name", "email", "phone", "website", "address"]
    export_filename = "titulaires"
    search_fields = ["name", "contact_name", "email"]
    search_backend_name = None
    ordering = ["name"]
    list_per_page = 50


class LotViewSet(ExportingSnippetViewSet):
    model = Lot
    icon = "list-ol"
    menu_label = _("Lots")
    menu_name = "lots"
    list_display = ["__str__", "offer", "holder"]
    list_filter = ["holder", "offer"]
    list_export = ["offer", "number", "title", "holder"]
    export_filename = "lots"
    search_fields = ["title", "holder__name", "offer__title", "offer__reference"]
    search_backend_name = None
    ordering = ["offer__title", "number"]
    list_per_page = 50

    def get_queryset(self, request):
        return Lot.objects.select_related("offer", "holder")


class CatalogueSnippetGroup(SnippetViewSetGroup):
    items = (PurchaseFamilyViewSet, HolderViewSet, LotViewSet)
    menu_icon = "folder-inverse"
    menu_label = _("Catalogue")
    menu_name = "catalogue"
    menu_order = 200


register_snippet(CatalogueSnippetGroup)
