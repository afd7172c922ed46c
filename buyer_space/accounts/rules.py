import rules
from django.utils.functional import cached_property

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import Affiliation, FamilyRight
from catalogue.choices import DocumentVisibility
from espace_site.rules import is_staff_member
from membership.establishments.models import Establishment

_ACCESS_ATTR = "_buyer_space_access"


_TARGET_ATTR = "_establishments_establishment_ids"


class AccountAccess:
    """The establishments an account belongs to and administers, computed lazily, once."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _active(self):
        return list(
            Affiliation.objects.filter(
                user_id=self.user.pk, status=AffiliationStatus.ACTIVE
            ).values_list("establishment_id", "role", "establishment__is_member")
        )

    @cached_property
    def member_ids(self):
        """Establishments where the account has an active affiliation (any role)."""
        return frozenset(establishment_id for establishment_id, _, _ in self._active)

    @cached_property
    def admin_ids(self):
        """Establishments the account administers (active affiliation, role administrateur)."""
        return frozenset(
            establishment_id for establishment_id, role, _ in self._active if role == Role.ADMIN
        )

    @cached_property
    def adherent_member_ids(self):
        """Active affiliations in establishments that are members (*adhérents*) of the centre."""
        return frozenset(establishment_id for establishment_id, _, adh in self._active if adh)

    @cached_property
    def adherent_admin(self):
        return bool(self.admin_ids & self.adherent_member_ids)

    @cached_property
    def group_ids(self):
        """Establishments of the GHTs whose support establishment the account administers."""
        if not self.admin_ids:
            return frozenset()
        return frozenset(
            Establishment.objects.filter(group__support_id__in=self.admin_ids).values_list(
                "pk", flat=True
            )
        )

    @cached_property
    def _family_rights(self):
        if not self.adherent_member_ids:
            return []
        return list(
            FamilyRight.objects.filter(
                affiliation__user_id=self.user.pk,
                affiliation__status=AffiliationStatus.ACTIVE,
                affiliation__establishment_id__in=self.adherent_member_ids,
            ).values_list("family_id", "can_view_market_documents", "has_admin_membership_rights")
        )

    @cached_property
    def document_family_ids(self):
        """Families whose market documents the account may read through a family right."""
        return frozenset(family for family, docs, adh in self._family_rights if docs or adh)

    @cached_property
    def admin_like_family_ids(self):
        """Families where the account has the *droits d'adhésion identiques aux administrateurs*."""
        return frozenset(family for family, _, adhesion in self._family_rights if adhesion)


def access(user):
    """The :class:`AccountAccess` of ``user`` (``None`` for an anonymous or inactive account)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, _ACCESS_ATTR, None)
    if cached is None:
        cached = AccountAccess(user)
        setattr(user, _ACCESS_ATTR, cached)
    return cached


def limit_access(user, establishment_id):
    """Restrict ``user``'s affiliations to ``establishment_id`` for the rest of the request (an
    API token limited to one establishment): every predicate then sees that one alone."""
    account = access(user)
    if account is None or establishment_id is None:
        return account
    account.__dict__["_active"] = [row for row in account._active if row[0] == establishment_id]
    for derived in ("member_ids", "admin_ids", "adherent_member_ids", "adherent_admin"):
        account.__dict__.pop(derived, None)
    for derived in ("group_ids", "_family_rights", "document_family_ids", "admin_like_family_ids"):
        account.__dict__.pop(derived, None)
    return account


def forget_access(user):
    """Drop what was cached on ``user`` (after its affiliations changed)."""
    for attr in (_ACCESS_ATTR, _TARGET_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def _pk(obj):
    return getattr(obj, "pk", obj)


def target_establishment_ids(target):
    """Every establishment ``target`` has an affiliation with, whatever its status.

    Uses ``target.affiliations`` when it was prefetched; otherwise one query, then kept.
    """
    cached = getattr(target, _TARGET_ATTR, None)
    if cached is None:
        prefetched = getattr(target, "_prefetched_objects_cache", {}).get("affiliations")
        if prefetched is not None:
            cached = frozenset(affiliation.establishment_id for affiliation in prefetched)
        else:
            cached = frozenset(
                Affiliation.objects.filter(user_id=target.pk).values_list(
                    "establishment_id", flat=True
                )
            )
        setattr(target, _TARGET_ATTR, cached)
    return cached


@rules.predicate
def is_confirmed(user):
    """An account whose e-mail address was confirmed."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    profile = getattr(user, "buyer_profile", None)
    return profile is not None and profile.email_confirmed_at is not None


@rules.predicate
def has_active_affiliation(user):
    account = access(user)
    return account is not None and bool(account.member_ids)


is_active_account = is_confirmed & has_active_affiliation


@rules.predicate
def is_establishment_member(user, establishment):
    account = access(user)
    if account is None or establishment is None:
        return False
    return _pk(establishment) in account.member_ids


@rules.predicate
def is_establishment_admin(user, establishment):
    account = access(user)
    if account is None or establishment is None:
        return False
    return _pk(establishment) in account.admin_ids


@rules.predicate
def is_group_support_admin(user, establishment):
    """An active admin of the support establishment of ``establishment``'s GHT."""
    account = access(user)
    if account is None or establishment is None:
        return False
    return _pk(establishment) in account.group_ids


@rules.predicate
def administers_any_establishment(user):
    account = access(user)
    return account is not None and bool(account.admin_ids)


@rules.predicate
def can_manage_account(user, target):
    """``target`` has an affiliation (any status) in an establishment ``user`` administers.

    Centre staff accounts are never managed from the buyer space, whatever their affiliations.
    """
    account = access(user)
    if account is None or target is None or not account.admin_ids:
        return False
    if target.is_staff or target.is_superuser:
        return False
    return bool(account.admin_ids & target_establishment_ids(target))


@rules.predicate
def can_validate_affiliation(user, affiliation):
    """A pending request of an establishment ``user`` administers."""
    return (
        affiliation is not None
        and affiliation.status == AffiliationStatus.PENDING
        and affiliation.user_id != user.pk
        and is_establishment_admin(user, affiliation.establishment_id)
    )


@rules.predicate
def establishment_has_no_admin(user, affiliation):
    return (
        affiliation is not None
        and not Affiliation.objects.filter(
            establishment_id=affiliation.establishment_id,
            status=AffiliationStatus.ACTIVE,
            role=Role.ADMIN,
        ).exists()
    )


@rules.predicate
def is_pending(user, affiliation):
    return affiliation is not None and affiliation.status == AffiliationStatus.PENDING


can_staff_validate_affiliation = is_staff_member & is_pending & establishment_has_no_admin


@rules.predicate
def can_view_market_documents(user, family):
    """Market documents of ``family``, ahead of any adhesion: for the accounts of a member
    (*adhérent*) establishment that are its admins, or that hold a right on the family."""
    account = access(user)
    if account is None or family is None or not is_confirmed(user):
        return False
    return account.adherent_admin or _pk(family) in account.document_family_ids


@rules.predicate
def has_admin_membership_rights(user, family):
    """Adhesion rights on ``family`` like an admin's: admins, or the family's special right."""
    account = access(user)
    if account is None or family is None or not is_confirmed(user):
        return False
    return account.adherent_admin or _pk(family) in account.admin_like_family_ids


can_view_establishment = is_establishment_member | is_group_support_admin


can_view_billing = is_establishment_admin | is_group_support_admin


rules.add_perm("accounts.access_space", rules.is_authenticated)


rules.add_perm("accounts.active_account", is_active_account)


rules.add_perm("accounts.view_establishment", can_view_establishment)


rules.add_perm("accounts.manage_establishment", is_establishment_admin)


rules.add_perm("accounts.manage_account", can_manage_account)


rules.add_perm("accounts.validate_affiliation", can_validate_affiliation)


rules.add_perm("accounts.staff_validate_affiliation", can_staff_validate_affiliation)


rules.add_perm("accounts.view_market_documents", can_view_market_documents)


rules.add_perm("accounts.act_as_admin_for_family", has_admin_membership_rights)


rules.add_perm("accounts.view_billing", can_view_billing)


rules.add_perm("accounts.review_pending_affiliations", is_staff_member)


@rules.predicate
def is_adherent_account(user):
    """A confirmed account with an active affiliation in a member (*adhérent*) establishment."""
    account = access(user)
    return account is not None and bool(account.adherent_member_ids) and is_confirmed(user)


@rules.predicate
def can_open_offer_document(user, document):
    """A restricted offer document: *réservé aux adhérents* for every adherent account;
    *droit de la famille* as :func:`can_view_market_documents` says for its family."""
    visibility = getattr(document, "visibility", None)
    if visibility == DocumentVisibility.MEMBERS:
        return is_adherent_account(user)
    if visibility == DocumentVisibility.FAMILY:
        return can_view_market_documents(user, document.family_id)
    return False


rules.add_perm("accounts.open_offer_document", can_open_offer_document)

# Ask one's administrators for a family right: a confirmed account of an adherent establishment.
rules.add_perm("accounts.request_family_right", is_adherent_account)


def prime_access(users):
    """Read the affiliations and family rights of many accounts at once (two queries).

    Each account then answers the predicates without a query of its own: the fan-out of an
    offer's changes tests thousands of subscribers this way.
    """
    by_pk = {user.pk: user for user in users if user.is_authenticated and user.is_active}
    if not by_pk:
        return
    active = {pk: [] for pk in by_pk}
    for user_id, establishment_id, role, is_member in Affiliation.objects.filter(
        user_id__in=list(by_pk), status=AffiliationStatus.ACTIVE
    ).values_list("user_id", "establishment_id", "role", "establishment__is_member"):
        active[user_id].append((establishment_id, role, is_member))
    family_rights = {pk: [] for pk in by_pk}
    for user_id, family_id, documents, adhesion in FamilyRight.objects.filter(
        affiliation__user_id__in=list(by_pk),
        affiliation__status=AffiliationStatus.ACTIVE,
        affiliation__establishment__is_member=True,
    ).values_list(
        "affiliation__user_id",
        "family_id",
        "can_view_market_documents",
        "has_admin_membership_rights",
    ):
        family_rights[user_id].append((family_id, documents, adhesion))
    for pk, user in by_pk.items():
        account = AccountAccess(user)
        account.__dict__["_active"] = active[pk]
        account.__dict__["_family_rights"] = family_rights[pk]
        setattr(user, _ACCESS_ATTR, account)
