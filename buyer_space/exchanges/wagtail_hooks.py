import rules
from django.contrib.admin import SimpleListFilter
from django.contrib.admin import display as admin_display
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin

from buyer_space.exchanges import admin_views as exchange_admin
from buyer_space.exchanges.choices import ExchangeStatus
from buyer_space.exchanges.forms import staff_members
from buyer_space.exchanges.models import Exchange
from espace_site.admin import (
    STAFF_WORK_ITEMS_HOOK,
    ExportIndexView,
    RulesReadOnlyPermissionHelper,
    SingleActionButtonHelper,
    StaffWorkItem,
    UsedRelatedFilter,
    _id_filter_value,
    in_buyer_space_menu,
)


class ExchangePermissionHelper(RulesReadOnlyPermissionHelper):
    list_permission = "exchanges.answer_exchanges"

    def user_can_inspect_obj(self, user, obj):
        return False  # the thread page (``views.exchange_admin``) stands in for the inspect view


class ExchangeButtonHelper(SingleActionButtonHelper):
    """Each thread: its page, where staff read, answer, assign and close it."""

    url_name = exchange_admin.THREAD_URL_NAME
    action_label = _("Ouvrir l'échange")


class ExchangeEstablishmentFilter(UsedRelatedFilter):
    title = _("établissement")
    parameter_name = "etablissement"
    field = "establishment"


class ExchangeAssigneeFilter(SimpleListFilter):
    """Staff members only (not every account), *à moi* and *non attribué*."""

    title = _("suivi par")
    parameter_name = "suivi"

    def lookups(self, request, model_admin):
        people = [(str(user.pk), user.get_full_name() or user.email) for user in staff_members()]
        return [("moi", _("Moi")), ("personne", _("Non attribué")), *people]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "moi":
            return queryset.filter(assigned_to_id=request.user.pk)
        if value == "personne":
            return queryset.filter(assigned_to__isnull=True)
        value = _id_filter_value(value)
        return queryset if value is None else queryset.filter(assigned_to_id=value)


@in_buyer_space_menu(200)
class ExchangeAdmin(ModelAdmin):
    """The buyers' threads: the centre reads, answers, assigns and closes them."""

    model = Exchange
    menu_label = _("Échanges")
    menu_icon = "mail"
    menu_order = 50
    list_display = (
        "subject",
        "kind",
        "establishment",
        "requester",
        "status",
        "assignee",
        "updated_at",
    )
    list_filter = ("status", "kind", ExchangeEstablishmentFilter, ExchangeAssigneeFilter)
    list_select_related = ("establishment", "author", "assigned_to")
    search_fields = ("subject", "establishment__name")
    ordering = ("-updated_at", "-pk")
    list_per_page = 50
    index_view_class = ExportIndexView
    list_export = (
        "subject",
        "kind",
        "establishment",
        "requester",
        "status",
        "assignee",
        "created_at",
        "updated_at",
    )
    export_filename = "echanges"
    permission_helper_class = ExchangePermissionHelper
    button_helper_class = ExchangeButtonHelper

    @admin_display(description=_("Demandeur"), ordering="author__last_name")
    def requester(self, obj):
        if obj.author is None:
            return _("Compte supprimé")
        return obj.author.get_full_name() or obj.author.email

    @admin_display(description=_("Suivi par"), ordering="assigned_to__last_name")
    def assignee(self, obj):
        if obj.assigned_to is None:
            return "—"
        return obj.assigned_to.get_full_name() or obj.assigned_to.email

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "exchanges/exchange/<int:pk>/fil/",
                exchange_admin.ExchangeThreadView.as_view(),
                name=exchange_admin.THREAD_URL_NAME,
            ),
            path(
                "exchanges/exchange/<int:pk>/pieces-jointes/<int:attachment_id>/",
                exchange_admin.ExchangeAttachmentView.as_view(),
                name=exchange_admin.ATTACHMENT_URL_NAME,
            ),
        )


@hooks.register(STAFF_WORK_ITEMS_HOOK)
def exchanges_to_handle(request):
    if not rules.has_perm("exchanges.answer_exchanges", request.user):
        return []
    return [
        StaffWorkItem(
            label=_("Échanges en attente d'une réponse"),
            count=Exchange.objects.filter(status=ExchangeStatus.OPEN).count(),
            url=f"{reverse('exchanges_exchange_modeladmin_index')}?status__exact=ouvert",
            order=40,
        )
    ]
