from collections import OrderedDict
from dataclasses import dataclass

import rules
from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin import display as admin_display
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import label_for_field, lookup_field
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.views import IndexView

from espace_site.account import EmailSettingsPanel
from espace_site.forms import ReviewDecisionForm
from espace_site.xlsx import neutralise_formula


class RulesReadOnlyPermissionHelper(PermissionHelper):
    """Listing and inspecting follow one ``rules`` permission; nothing is created, edited or
    deleted from these screens."""

    list_permission = ""

    def user_can_list(self, user):
        return rules.has_perm(self.list_permission, user)

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class SingleActionButtonHelper(ButtonHelper):
    """One button per row, to the staff page that stands in for edit and inspect: the URL
    named ``url_name`` with the object's key, labelled by :meth:`label`."""

    url_name = None
    action_label = None

    def label(self, obj):
        return self.action_label

    def action_button(self, obj, classnames_add=None, classnames_exclude=None):
        label = self.label(obj)
        return {
            "url": reverse(self.url_name, args=[obj.pk]),
            "label": label,
            "classname": self.finalise_classname(classnames_add or [], classnames_exclude or []),
            "title": label,
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return [self.action_button(obj, classnames_add, classnames_exclude)]

    def get_primary_button(self, obj):
        return self.action_button(obj)


def _id_filter_value(value):
    """A filter's id from the query string, or ``None`` (ignored) when it is not one."""
    return int(value) if value and value.isdigit() and len(value) < 10 else None


class UsedRelatedFilter(SimpleListFilter):
    """A filter on a foreign key offering only the related rows that the listed model uses
    (e.g. the establishments that have threads, not every establishment of the country)."""

    field = ""  # the foreign key of the listed model, e.g. "establishment"
    label = "name"  # the related model's field shown as the choice

    def lookups(self, request, model_admin):
        related_model = model_admin.model._meta.get_field(self.field).related_model
        used = model_admin.model.objects.filter(**{f"{self.field}_id": OuterRef("pk")})
        return list(
            related_model.objects.filter(Exists(used))
            .order_by(self.label)
            .values_list("pk", self.label)
        )

    def queryset(self, request, queryset):
        value = _id_filter_value(self.value())
        return queryset if value is None else queryset.filter(**{f"{self.field}_id": value})


class FormulaSafeExportMixin:
    """For a view built on Wagtail's ``SpreadsheetExportMixin`` (snippets, modeladmin): every
    text cell of the CSV and xlsx exports that starts like a formula is prefixed with ``'``."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))


class ExportingSnippetIndexView(FormulaSafeExportMixin, SnippetIndexView):
    pass


class ExportingSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose CSV and xlsx exports are safe from formula injection."""

    index_view_class = ExportingSnippetIndexView


class SafeIndexView(IndexView):
    """A filter value that does not fit its field (``?group__id__exact=abc``) shows the whole
    list with a message instead of failing."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.error(
                request, _("Ce filtre n'est pas valide : la liste complète est affichée.")
            )
            return redirect(self.index_url)


class StaffDownloadMixin:
    """For a ``ModelAdmin`` of a model with a private file: a *Télécharger* column, and the
    staff's permission-checked download view registered under the admin's URLs
    (``<app>/<model>/<pk>/telecharger/``, named ``download_url_name``)."""

    download_url_name = None
    download_view = None  # a staticmethod: (request, pk) -> the file's response

    @admin_display(description=_("Fichier"))
    def download(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse(self.download_url_name, args=[obj.pk]),
            _("Télécharger"),
        )

    def get_admin_urls_for_registration(self):
        opts = self.model._meta
        return super().get_admin_urls_for_registration() + (
            path(
                f"{opts.app_label}/{opts.model_name}/<int:pk>/telecharger/",
                self.download_view,
                name=self.download_url_name,
            ),
        )


class ExportIndexView(FormulaSafeExportMixin, SafeIndexView):
    """Exports choice labels, *Oui*/*Non* and empty cells rather than raw values and « - »,
    with no cell a spreadsheet would run as a formula."""

    def to_row_dict(self, item):
        row = OrderedDict()
        for name in self.list_export:
            field, _attr, value = lookup_field(name, item, self.model_admin)
            if field is not None and getattr(field, "flatchoices", None):
                value = dict(field.flatchoices).get(value, value)
            if isinstance(value, bool):
                value = _("Oui") if value else _("Non")
            row[name] = "" if value is None else value
        return row

    def get_heading(self, queryset, field):
        return str(capfirst(label_for_field(field, self.model, model_admin=self.model_admin)))


BUYER_SPACE_MENU_HOOK = "register_buyer_space_menu_item"


STAFF_WORK_ITEMS_HOOK = "register_staff_work_items"


@dataclass(frozen=True)
class StaffWorkItem:
    """A line of the admin dashboard's *À traiter* panel: what waits for the centre's staff."""

    label: str
    count: int
    url: str
    order: int = 100


class StaffWorkPanel(Component):
    """*À traiter* on the Wagtail dashboard: the counts each app registers with
    ``register_staff_work_items`` (``fn(request)`` returning :class:`StaffWorkItem` items, or none
    when the user may not handle them), each linking to its list."""

    name = "a-traiter"
    order = 50
    template_name = "includes/staff_work_panel.html"

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context):
        return {"items": self.items}


@hooks.register("register_account_settings_panel")
def email_settings_panel(request, user, profile):
    """The e-mail address, changed with the current password (``espace_site.account``)."""
    return EmailSettingsPanel(request, user, profile)


@hooks.register("construct_homepage_panels")
def add_staff_work_panel(request, panels):
    items = []
    for fn in hooks.get_hooks(STAFF_WORK_ITEMS_HOOK):
        items.extend(fn(request) or [])
    if items:
        panels.append(StaffWorkPanel(sorted(items, key=lambda item: item.order)))


@hooks.register("register_admin_menu_item")
def buyer_space_menu():
    """The *Espace acheteur* admin menu: the plugins' back-office records, each app adding its
    own with :func:`in_buyer_space_menu`; hidden when none is shown to the user."""
    return SubmenuMenuItem(
        _("Espace acheteur"),
        Menu(register_hook_name=BUYER_SPACE_MENU_HOOK),
        name="espace-acheteur",
        icon_name="user",
        order=260,
    )


def in_buyer_space_menu(order):
    """Class decorator: register a ModelAdmin under the *Espace acheteur* menu, at ``order``."""

    def register(modeladmin_class):
        modeladmin_class.add_to_admin_menu = False
        modeladmin = modeladmin_class()
        modeladmin.register_with_wagtail()
        hooks.register(BUYER_SPACE_MENU_HOOK, lambda: modeladmin.get_menu_item(order=order))
        return modeladmin_class

    return register


class ReviewView(PermissionRequiredMixin, View):
    """The one workflow of the records the centre's staff accept or refuse (entity requests,
    convention deposits, affiliations with no administrator): the record's page with the
    decision form while it may be decided; the decision applied by the app's service.

    A subclass names ``queryset``, ``template_name``, ``permission_required``,
    ``index_url_name`` and ``review_url_name``, and writes :meth:`accept` and :meth:`refuse`,
    which apply the decision and return the success message, or ``None`` when someone else
    decided first (the record is reloaded and the page says it was already reviewed).
    """

    http_method_names = ["get", "post"]
    raise_exception = True
    queryset = None
    template_name = ""
    form_class = ReviewDecisionForm
    index_url_name = ""
    review_url_name = ""
    #: Exceptions of the app's services whose message is shown as is.
    decision_errors = ()
    invalid_message = _("La décision n'a pas été enregistrée : corrigez l'erreur.")

    def get_object(self):
        record = self.queryset.filter(pk=self.kwargs["pk"]).first()
        if record is None:
            raise Http404
        return record

    def can_decide(self, record):
        return record.is_pending

    def get_form_kwargs(self, record):
        return {}

    def get_form(self, record, data=None):
        return self.form_class(data, **self.get_form_kwargs(record))

    def get_context_data(self, record, form):
        return {
            "record": record,
            "form": form,
            "can_decide": self.can_decide(record),
            "index_url": reverse(self.index_url_name),
        }

    def render(self, record, form):
        return TemplateResponse(
            self.request, self.template_name, self.get_context_data(record, form)
        )

    def already_reviewed(self, record):
        messages.warning(
            self.request,
            _("Cette demande a déjà été traitée (%(status)s) : rien n'a été modifié.")
            % {"status": record.get_status_display().lower()},
        )
        return redirect(self.review_url_name, pk=record.pk)

    def get_success_url(self, record):
        return reverse(self.index_url_name)

    def accept(self, record, form):
        raise NotImplementedError

    def refuse(self, record, form):
        raise NotImplementedError

    def get(self, request, pk):
        record = self.get_object()
        return self.render(record, self.get_form(record))

    def post(self, request, pk):
        record = self.get_object()
        if not self.can_decide(record):
            return self.already_reviewed(record)
        form = self.get_form(record, request.POST)
        if not form.is_valid():
            messages.error(request, self.invalid_message)
            return self.render(record, form)
        try:
            message = self.accept(record, form) if form.accepted else self.refuse(record, form)
        except self.decision_errors as error:
            messages.error(request, str(error))
            return redirect(self.review_url_name, pk=record.pk)
        if message is None:
            return self.already_reviewed(self.get_object())
        messages.success(request, message)
        return redirect(self.get_success_url(record))
