"""Admin registration of the buyer space: pending requests to validate and the audit log."""

import dataclasses
from urllib.parse import urlencode

import rules
from django.contrib.admin import SimpleListFilter
from django.contrib.admin import display as admin_display
from django.db.models import Count, Exists, OuterRef
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from catalogue.hooks import (
    ACCOUNT_LINKS_HOOK,
    DOCUMENT_ACCESS_HOOK,
    OFFER_ACTIONS_HOOK,
    OFFER_CARD_ACTIONS_HOOK,
    OFFER_SECTIONS_HOOK,
    SEED_DEMO_HOOK,
    AccountLink,
    OfferAction,
    OfferSection,
)
from catalogue.views import login_url
from membership.choices import DepositStatus
from membership.models import ConventionDeposit
from membership.wagtail_hooks import ExportIndexView, SafeIndexView, StaffDownloadMixin

from .bell import bell_form_html, login_bell_html
from .choices import AffiliationStatus, ExchangeKind, Role
from .forms.documents import DataFileAdminForm, OtherDocumentAdminForm
from .forms.exchanges import staff_members
from .models import Affiliation, AuditLogEntry, DataFile, Exchange, Newsletter, OtherDocument
from .services.contracts import contracts_on_offer
from .views import deposit_admin, documents, exchange_admin, staff


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


class PendingAffiliationPermissionHelper(RulesReadOnlyPermissionHelper):
    list_permission = "buyer_space.review_pending_affiliations"

    def user_can_inspect_obj(self, user, obj):
        return False  # the review page (``views.staff``) stands in for the inspect view


class AuditLogPermissionHelper(RulesReadOnlyPermissionHelper):
    list_permission = "buyer_space.view_audit_log"


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


class PendingAffiliationButtonHelper(SingleActionButtonHelper):
    """Each request: its review page, where staff accept or refuse it."""

    url_name = staff.REVIEW_URL_NAME
    action_label = _("Accepter ou refuser")


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
        active_admin = Affiliation.objects.filter(
            establishment_id=OuterRef("establishment_id"),
            status=AffiliationStatus.ACTIVE,
            role=Role.ADMIN,
        )
        return (
            super()
            .get_queryset(request)
            .filter(status=AffiliationStatus.PENDING)
            .exclude(Exists(active_admin))
        )

    @admin_display(description=_("Personne"), ordering="user__last_name")
    def person(self, obj):
        return obj.user.get_full_name() or obj.user.get_username()

    @admin_display(description=_("Adresse e-mail"), ordering="user__email")
    def person_email(self, obj):
        return obj.user.email

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "buyer_space/affiliation/<int:pk>/",
                staff.AffiliationReviewView.as_view(),
                name=staff.REVIEW_URL_NAME,
            ),
        )


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
    permission_helper_class = AuditLogPermissionHelper


class ExchangePermissionHelper(RulesReadOnlyPermissionHelper):
    list_permission = "buyer_space.answer_exchanges"

    def user_can_inspect_obj(self, user, obj):
        return False  # the thread page (``views.exchange_admin``) stands in for the inspect view


class ExchangeButtonHelper(SingleActionButtonHelper):
    """Each thread: its page, where staff read, answer, assign and close it."""

    url_name = exchange_admin.THREAD_URL_NAME
    action_label = _("Ouvrir l'échange")


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
                "buyer_space/exchange/<int:pk>/fil/",
                exchange_admin.ExchangeThreadView.as_view(),
                name=exchange_admin.THREAD_URL_NAME,
            ),
            path(
                "buyer_space/exchange/<int:pk>/pieces-jointes/<int:attachment_id>/",
                exchange_admin.ExchangeAttachmentView.as_view(),
                name=exchange_admin.ATTACHMENT_URL_NAME,
            ),
        )


# *Dépôt des conventions*: the staff validate (creating the contract) or reject each deposit.


class DepositPermissionHelper(RulesReadOnlyPermissionHelper):
    list_permission = "buyer_space.process_deposits"

    def user_can_inspect_obj(self, user, obj):
        return False  # the review page (``views.deposit_admin``) stands in for the inspect view


class DepositButtonHelper(SingleActionButtonHelper):
    """Each deposit: its review page (to process while received, to read afterwards)."""

    url_name = deposit_admin.REVIEW_URL_NAME

    def label(self, obj):
        return _("Traiter") if obj.status == DepositStatus.RECEIVED else _("Consulter")


class DepositOfferFilter(UsedRelatedFilter):
    title = _("offre")
    parameter_name = "offre"
    field = "offer"
    label = "title"


class DepositEstablishmentFilter(UsedRelatedFilter):
    title = _("établissement")
    parameter_name = "etablissement"
    field = "establishment"


class ConventionDepositAdmin(ModelAdmin):
    model = ConventionDeposit
    menu_label = _("Dépôts de conventions")
    menu_icon = "doc-full"
    menu_order = 60
    list_display = (
        "created_at",
        "company_name",
        "establishment",
        "offer_title",
        "contract_number",
        "status",
    )
    list_filter = ("status", DepositOfferFilter, DepositEstablishmentFilter)
    list_select_related = ("establishment", "offer")
    search_fields = ("company_name", "contract_number", "establishment__name", "email")
    ordering = ("-created_at", "-pk")
    list_per_page = 50
    index_view_class = ExportIndexView
    list_export = (
        "created_at",
        "company_name",
        "establishment",
        "offer_title",
        "contract_number",
        "email",
        "phone",
        "order_reference",
        "chorus_service_code",
        "status",
        "processed_at",
    )
    export_filename = "depots-conventions"
    permission_helper_class = DepositPermissionHelper
    button_helper_class = DepositButtonHelper

    @admin_display(description=_("Offre"), ordering="offer__title")
    def offer_title(self, obj):
        return obj.offer.title

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path(
                "membership/conventiondeposit/<int:pk>/traiter/",
                deposit_admin.DepositReviewView.as_view(),
                name=deposit_admin.REVIEW_URL_NAME,
            ),
            path(
                "membership/conventiondeposit/<int:pk>/convention.zip",
                deposit_admin.DepositArchiveView.as_view(),
                name=deposit_admin.ARCHIVE_URL_NAME,
            ),
        )


# *Autres documents* and *Fichiers de données*: uploaded by the staff to the private storage,
# downloaded through ``views.documents`` only. Newsletters are snippets.


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
    index_view_class = SafeIndexView
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
    index_view_class = SafeIndexView
    edit_handler = ObjectList(
        [
            FieldPanel("establishment"),
            FieldPanel("kind"),
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            FieldPanel("file"),
        ],
        base_form_class=DataFileAdminForm,
    )

    download_url_name = documents.STAFF_DATA_FILE_URL_NAME
    download_view = staticmethod(documents.staff_download_data_file)


class NewsletterViewSet(SnippetViewSet):
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


class BuyerSpaceAdminGroup(ModelAdminGroup):
    menu_label = _("Espace acheteur")
    menu_icon = "user"
    menu_order = 260
    items = (
        PendingAffiliationAdmin,
        ExchangeAdmin,
        ConventionDepositAdmin,
        OtherDocumentAdmin,
        DataFileAdmin,
        AuditLogAdmin,
    )


modeladmin_register(BuyerSpaceAdminGroup)


@hooks.register(ACCOUNT_LINKS_HOOK)
def account_links(request):
    """The header's account area: log in or register; or my space and log out."""
    user = request.user
    if not user.is_authenticated:
        return [
            AccountLink(label=_("Se connecter"), url=login_url(request), order=10),
            AccountLink(
                label=_("Créer un compte"),
                url=reverse("buyer_space:register"),
                css_class="button button--small button--link",
                order=20,
            ),
        ]
    links = [AccountLink(label=_("Mon espace"), url=reverse("buyer_space:space"), order=10)]
    if user.has_perm("wagtailadmin.access_admin"):
        links.append(AccountLink(label=_("Administration"), url="/admin/", order=20))
    links.append(
        AccountLink(
            label=_("Se déconnecter"),
            url=reverse("buyer_space:logout"),
            method="post",
            css_class="button button--small button--link",
            order=90,
        )
    )
    return links


@hooks.register(DOCUMENT_ACCESS_HOOK)
def open_market_documents(user, document):
    """Restricted offer documents open to the accounts of adherent establishments, as
    ``buyer_space.open_offer_document`` says (the account's access is read once per request)."""
    return rules.has_perm("buyer_space.open_offer_document", user, document)


@hooks.register(OFFER_SECTIONS_HOOK)
def my_contract_section(request, page):
    """*Mon marché en cours* on the offer page, when the account's establishment holds a
    contract on this offer."""
    contracts = contracts_on_offer(request.user, page)
    if not contracts:
        return None
    return OfferSection(
        anchor="mon-marche-en-cours",
        title=_("Mon marché en cours"),
        template="buyer_space/contracts/offer_section.html",
        context={
            "contracts": contracts,
            "several_establishments": len({c.establishment_id for c in contracts}) > 1,
        },
        order=50,
    )


# The offer bell and *Mes notifications* -----------------------------------------------------


def _bell(request, offer, subscribed, label, card=False):
    url = reverse("buyer_space:toggle_subscription", args=[offer.pk])
    return OfferAction(
        name="bell",
        label=label,
        url=url,
        method="post",
        order=40,
        html=bell_form_html(request, offer, url, label, subscribed, card),
        extra={"subscribed": subscribed},
    )


def _login_bell(request, offer, url, label, card=False):
    return OfferAction(
        name="bell",
        label=label,
        url=url,
        order=40,
        html=login_bell_html(offer, url, label, card),
        extra={"login": True},
    )


LOGIN_BELL_LABEL = _("Se connecter pour activer les notifications")


@hooks.register(OFFER_ACTIONS_HOOK)
def offer_bell(request, page, actions):
    """The bell of the offer page: follow the offer (active accounts), or log in to follow it
    (anonymous visitors); none for a pending account."""
    from .services.notifications import subscribed_offer_ids
    from .views.subscriptions import bell_labels

    if not page.live:
        return  # a preview
    user = request.user
    if not user.is_authenticated:
        actions["bell"] = _login_bell(request, page, login_url(request), str(LOGIN_BELL_LABEL))
    elif rules.has_perm("buyer_space.subscribe_to_offers", user):
        subscribed = page.pk in subscribed_offer_ids(user, [page.pk])
        actions["bell"] = _bell(request, page, subscribed, bell_labels()[subscribed])


@hooks.register(OFFER_CARD_ACTIONS_HOOK)
def offer_card_bells(request, offers, actions):
    """The bell of each offer card of a list: one query for the whole page of cards, the
    labels and the login link computed once."""
    from .services.notifications import subscribed_offer_ids
    from .views.subscriptions import bell_labels

    user = request.user
    if not user.is_authenticated:
        url, label = login_url(request), str(LOGIN_BELL_LABEL)
        for offer in offers:
            actions[offer.pk].append(_login_bell(request, offer, url, label, card=True))
    elif rules.has_perm("buyer_space.subscribe_to_offers", user):
        followed = subscribed_offer_ids(user, [offer.pk for offer in offers])
        labels = bell_labels()
        for offer in offers:
            subscribed = offer.pk in followed
            actions[offer.pk].append(
                _bell(request, offer, subscribed, labels[subscribed], card=True)
            )


@hooks.register(ACCOUNT_LINKS_HOOK)
def unread_notifications_link(request):
    """*N notifications non lues* in the header, for an active account that has some (only
    they follow offers: the count costs no query to anyone else)."""
    from django.utils.translation import ngettext

    from .services.notifications import unread_count

    if not rules.has_perm("buyer_space.subscribe_to_offers", request.user):
        return []
    count = unread_count(request.user)
    if not count:
        return []
    label = ngettext(
        "%(count)d notification non lue", "%(count)d notifications non lues", count
    ) % {"count": count}
    return [
        AccountLink(
            label=label,
            url=reverse("buyer_space:notifications"),
            css_class="button button--small button--link account-links__notifications",
            order=15,
        )
    ]


@hooks.register(OFFER_ACTIONS_HOOK)
def deposit_offer_action(request, page, actions):
    """*Déposer ma convention* on an intermédiaire offer, for the accounts allowed to deposit."""
    if not rules.has_perm("buyer_space.deposit_convention", request.user, page):
        return
    actions["deposit"] = OfferAction(
        name="deposit",
        label=_("Déposer ma convention"),
        url=reverse("buyer_space:deposit_form", args=[page.pk]),
        css_class="button button--primary",
        order=25,
    )


@hooks.register(OFFER_ACTIONS_HOOK)
def exchange_offer_actions(request, page, actions):
    """*Poser une question* (and, for a grossiste offer, *Prendre rendez-vous*) open a new
    thread about the offer for an active account; anonymous visitors keep the core's links."""
    if not rules.has_perm("buyer_space.use_exchanges", request.user):
        return
    base = reverse("buyer_space:exchange_create")
    for name, kind in (
        ("ask-question", ExchangeKind.QUESTION),
        ("appointment", ExchangeKind.QUOTE),
    ):
        if name in actions:
            query = urlencode({"offre": page.pk, "type": kind})
            actions[name] = dataclasses.replace(actions[name], url=f"{base}?{query}")


@hooks.register(SEED_DEMO_HOOK)
def seed_buyer_space_demo(stdout, options):
    from .services.demo import seed_buyer_space

    seed_buyer_space(stdout)
