"""Admin registration of the catalogue's snippets, and the permission check on document files."""

from django.forms import modelform_factory
from django.http import Http404
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
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


class HolderChooserViewSet(SnippetChooserViewSet):
    """The holder chooser of an offer's lots, with a *Créer* tab: a new holder is added without
    leaving the offer."""

    # Built on Wagtail's admin form (its widgets, an address without scheme read as https)
    # rather than the plain model form the chooser makes from ``form_fields``.
    creation_form_class = modelform_factory(
        Holder,
        form=WagtailAdminModelForm,
        fields=["name", "contact_name", "email", "phone", "website", "address"],
    )
    create_action_label = _("Créer ce titulaire")
    creation_tab_label = _("Créer")


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Listing and export only: the lots are edited on their offer (they are part of its
    revisions, so an edit made beside them would be undone by the next publication)."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete") and super().user_has_permission(
            user, action
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Lot, ReadOnlyPermissionPolicy(Lot))


class HolderViewSet(ExportingSnippetViewSet):
    model = Holder
    chooser_viewset_class = HolderChooserViewSet
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
    inspect_view_enabled = True
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
