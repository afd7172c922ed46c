"""*Mon tableau de bord*: the establishment being looked at, the personal information, and
what *Autres documents* and *Fichiers de données* show to an account (and their counters; the
other apps' counters live in their own services, registered through ``buyer_space.space.hooks``).

The counters and the pages they link to read the same querysets, so a number never disagrees
with its list. Every function costs a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import Affiliation, FamilyRight
from buyer_space.accounts.rules import access
from buyer_space.space.choices import DataFileKind, OtherDocumentCategory
from buyer_space.space.models import DataFile, Newsletter, OtherDocument
from buyer_space.space.rules import can_view_admin_documents
from catalogue.models import PurchaseFamily
from membership.establishments.models import Establishment

SESSION_KEY = "buyer_space.establishment_id"
ESTABLISHMENT_PARAM = "etablissement"


# --- The establishment being looked at -----------------------------------------------------


def current_establishment_id(request):
    """The establishment the account looks at: ``?etablissement=<id>`` (kept in the session),
    else the one kept in the session, else ``None`` (the caller shows the first by name).

    Returns ``(establishment_id or None, invalid)``: ``invalid`` is true when the parameter was
    given but names none of the account's active establishments (it is then ignored).
    """
    account = access(request.user)
    member_ids = account.member_ids if account is not None else frozenset()
    invalid = False
    raw = request.GET.get(ESTABLISHMENT_PARAM)
    if raw is not None:
        try:
            wanted = int(raw)
        except (TypeError, ValueError):
            wanted = None
        if wanted in member_ids:
            request.session[SESSION_KEY] = wanted
            return wanted, False
        invalid = True
    kept = request.session.get(SESSION_KEY)
    if kept in member_ids:
        return kept, invalid
    return None, invalid


def first_establishment_id(user):
    """The account's first active establishment by name, or ``None`` (one query)."""
    account = access(user)
    if account is None or not account.member_ids:
        return None
    return (
        Establishment.objects.filter(pk__in=account.member_ids)
        .order_by("name", "pk")
        .values_list("pk", flat=True)
        .first()
    )


# --- Counters ------------------------------------------------------------------------------


def visible_other_documents(user):
    """*Autres documents* of ``user``: those of the establishments he administers, and those
    for all (no establishment) when one of them is a member (*adhérent*) of the centre."""
    account = access(user)
    if account is None or not can_view_admin_documents(user):
        return OtherDocument.objects.none()
    scope = Q(establishment_id__in=account.admin_ids)
    if account.adherent_admin:
        scope |= Q(establishment__isnull=True)
    return OtherDocument.objects.filter(scope)


def data_file_establishment_ids(user):
    """The establishments whose billing reports ``user`` reads: those he administers and, for an
    admin of a GHT's support establishment, every establishment of that GHT."""
    account = access(user)
    if account is None or not can_view_admin_documents(user):
        return frozenset()
    return account.admin_ids | account.group_ids


def visible_data_files(user):
    ids = data_file_establishment_ids(user)
    if not ids:
        return DataFile.objects.none()
    return DataFile.objects.filter(establishment_id__in=ids)


def data_file_count(user):
    """*Fichiers de données* on the dashboard: ``visible_data_files(user).count()`` in one query
    (the GHT's establishments joined rather than read first)."""
    account = access(user)
    if account is None or not can_view_admin_documents(user) or not account.admin_ids:
        return 0
    return DataFile.objects.filter(
        Q(establishment_id__in=account.admin_ids)
        | Q(establishment__group__support_id__in=account.admin_ids)
    ).count()


# --- Personal information ------------------------------------------------------------------


@dataclass
class EstablishmentRights:
    """An active affiliation, read-only: the role and the rights per purchase family."""

    affiliation: Affiliation
    rows: list = field(default_factory=list)  # (family, documents, adhesion)

    @property
    def is_admin(self):
        return self.affiliation.role == Role.ADMIN


def account_affiliations(user):
    """Every affiliation of the account, with its establishment (one query)."""
    return list(
        Affiliation.objects.filter(user_id=user.pk)
        .select_related("establishment", "establishment__group")
        .order_by("establishment__name", "pk")
    )


def rights_by_establishment(affiliations):
    """The rights per purchase family of each active affiliation (two queries)."""
    active = [a for a in affiliations if a.status == AffiliationStatus.ACTIVE]
    if not active:
        return []
    families = list(PurchaseFamily.objects.order_by("sort_order", "name"))
    rights = {}
    for right in FamilyRight.objects.filter(affiliation__in=active):
        rights[(right.affiliation_id, right.family_id)] = right
    result = []
    for affiliation in active:
        rows = []
        for family in families:
            right = rights.get((affiliation.pk, family.pk))
            rows.append(
                (
                    family,
                    bool(right and right.can_view_market_documents),
                    bool(right and right.has_admin_membership_rights),
                )
            )
        result.append(EstablishmentRights(affiliation, rows))
    return result


def establishment_admins(establishment_id):
    """The active admins of an establishment, by name (one query)."""
    return list(
        get_user_model()
        .objects.filter(
            affiliations__establishment_id=establishment_id,
            affiliations__status=AffiliationStatus.ACTIVE,
            affiliations__role=Role.ADMIN,
            is_active=True,
        )
        .order_by("last_name", "first_name", "pk")
        .only("first_name", "last_name", "email")
    )


def pending_request_counts(establishment_ids):
    """The pending requests of each establishment, for its admins (one query)."""
    if not establishment_ids:
        return {}
    return dict(
        Affiliation.objects.filter(
            establishment_id__in=establishment_ids, status=AffiliationStatus.PENDING
        )
        .values("establishment_id")
        .annotate(count=Count("pk"))
        .values_list("establishment_id", "count")
    )


def subscribed_newsletters(user):
    return list(Newsletter.objects.filter(subscribers=user))


# --- *Autres documents* ----------------------------------------------------------------------

ADMINISTRATIVE_CATEGORIES = (
    OtherDocumentCategory.ADHESION,
    OtherDocumentCategory.MEMBER_GUIDE,
    OtherDocumentCategory.CDA_BULLETIN,
)


@dataclass
class Section:
    """A heading of a page and what it lists: ``groups`` of ``(label, items)``."""

    slug: str
    title: str
    groups: list
    intro: str = ""

    @property
    def count(self):
        return sum(len(items) for _, items in self.groups)


def other_document_sections(user):
    """The guide's two sections: *Vos documents administratifs* (adhesion, member guide, CDA
    bulletin) and *Les fichiers GEB achats responsables*; newest first in each category."""
    documents = list(
        visible_other_documents(user)
        .select_related("establishment")
        .order_by("category", "-published_on", "title", "pk")
    )
    for document in documents:
        document.size_bytes = file_size(document.file)
    by_category = {
        category: list(items) for category, items in groupby(documents, key=lambda d: d.category)
    }
    administrative = [
        (category.label, by_category.get(category.value, []))
        for category in ADMINISTRATIVE_CATEGORIES
    ]
    return [
        Section("documents-administratifs", _("Vos documents administratifs"), administrative),
        Section(
            "fichiers-geb",
            _("Les fichiers GEB achats responsables"),
            [(OtherDocumentCategory.GEB.label, by_category.get(OtherDocumentCategory.GEB, []))],
            _("Les fichiers des Groupes d'études et de benchmarking (GEB) achats responsables."),
        ),
    ]


# --- *Fichiers de données* -------------------------------------------------------------------

DATA_FILE_SECTIONS = (
    (
        "mensuel",
        _("Reportings mensuels"),
        (DataFileKind.MONTHLY_INTERMEDIARY, DataFileKind.MONTHLY_WHOLESALE),
    ),
    ("hebdomadaire", _("Reporting hebdomadaire"), (DataFileKind.WEEKLY_INTERMEDIARY_BILLING,)),
    ("semestriel", _("Reporting semestriel"), (DataFileKind.HALF_YEARLY_GAINS,)),
)

DATA_FILE_LABELS = {
    DataFileKind.MONTHLY_INTERMEDIARY: _(
        "Mes commandes et ma facturation en centrale d'achat intermédiaire"
    ),
    DataFileKind.MONTHLY_WHOLESALE: _(
        "Mes commandes et ma facturation en centrale d'achat grossiste (grossiste et location)"
    ),
    DataFileKind.WEEKLY_INTERMEDIARY_BILLING: _("Ma facturation hebdomadaire (intermédiaire)"),
    DataFileKind.HALF_YEARLY_GAINS: _("Mes gains achats"),
}


def data_file_establishments(user):
    """The establishments whose reports ``user`` may filter on, by name (one query)."""
    ids = data_file_establishment_ids(user)
    if not ids:
        return []
    return list(Establishment.objects.filter(pk__in=ids).order_by("name").only("name"))


def data_file_years(queryset):
    """The years that have files, newest first (one query)."""
    return [day.year for day in queryset.dates("period_start", "year", order="DESC")]


def data_file_sections(queryset):
    """The guide's grouping: monthly (intermediary, wholesale), weekly, half-yearly; newest
    period first in each kind (one query)."""
    files = list(
        queryset.select_related("establishment", "group").order_by(
            "kind", "-period_start", "establishment__name", "group", "pk"
        )
    )
    for data_file in files:
        data_file.size_bytes = file_size(data_file.file)
    by_kind = {kind: list(items) for kind, items in groupby(files, key=lambda f: f.kind)}
    return [
        Section(
            slug, title, [(DATA_FILE_LABELS[kind], by_kind.get(kind.value, [])) for kind in kinds]
        )
        for slug, title, kinds in DATA_FILE_SECTIONS
    ]


def file_size(field_file):
    """The stored file's size, or ``None`` when the storage cannot tell (missing file)."""
    try:
        return field_file.size
    except (OSError, ValueError):
        return None
