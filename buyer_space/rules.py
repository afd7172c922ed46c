"""Permission predicates of the buyer space (loaded by ``rules.apps.AutodiscoverRulesConfig``).

What an account may do depends on its *rattachements*. They are read once per user object (one
query) and kept on it, so that a list checking a predicate per row costs no query per row; the
views clear that cache with :func:`forget_access` after changing the acting account's roles.
"""

import rules
from django.utils.functional import cached_property

from catalogue import rules as catalogue_rules

from .choices import AffiliationStatus, Role

_ACCESS_ATTR = "_buyer_space_access"
_TARGET_ATTR = "_buyer_space_establishment_ids"


class AccountAccess:
    """The establishments an account belongs to and administers, computed lazily, once."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _active(self):
        from .models import Affiliation

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
        from membership.models import Establishment

        if not self.admin_ids:
            return frozenset()
        return frozenset(
            Establishment.objects.filter(group__support_id__in=self.admin_ids).values_list(
                "pk", flat=True
            )
        )

    @cached_property
    def _family_rights(self):
        from .models import FamilyRight

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
            from .models import Affiliation

            cached = frozenset(
                Affiliation.objects.filter(user_id=target.pk).values_list(
                    "establishment_id", flat=True
                )
            )
        setattr(target, _TARGET_ATTR, cached)
    return cached


@rules.predicate
def is_staff_member(user):
    """Centre staff: the people working in the Wagtail admin."""
    return bool(user is not None and user.is_active and (user.is_staff or user.is_superuser))


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
    from .models import Affiliation

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

rules.add_perm("buyer_space.access_space", rules.is_authenticated)
rules.add_perm("buyer_space.active_account", is_active_account)
rules.add_perm("buyer_space.view_establishment", can_view_establishment)
rules.add_perm("buyer_space.manage_establishment", is_establishment_admin)
rules.add_perm("buyer_space.manage_account", can_manage_account)
rules.add_perm("buyer_space.validate_affiliation", can_validate_affiliation)
rules.add_perm("buyer_space.staff_validate_affiliation", can_staff_validate_affiliation)
rules.add_perm("buyer_space.view_market_documents", can_view_market_documents)
rules.add_perm("buyer_space.act_as_admin_for_family", has_admin_membership_rights)
rules.add_perm("buyer_space.view_billing", can_view_billing)
rules.add_perm("buyer_space.view_audit_log", is_staff_member)
rules.add_perm("buyer_space.review_pending_affiliations", is_staff_member)


# Contracts (*Marchés en cours*) and the restricted offer documents --------------------------


@rules.predicate
def is_contract_member(user, contract):
    """An active member (any role) of the establishment that holds ``contract``."""
    return contract is not None and is_establishment_member(user, contract.establishment_id)


@rules.predicate
def is_adherent_account(user):
    """A confirmed account with an active affiliation in a member (*adhérent*) establishment."""
    account = access(user)
    return account is not None and bool(account.adherent_member_ids) and is_confirmed(user)


@rules.predicate
def can_open_offer_document(user, document):
    """A restricted offer document: *réservé aux adhérents* for every adherent account;
    *droit de la famille* as :func:`can_view_market_documents` says for its family."""
    from catalogue.choices import DocumentVisibility

    visibility = getattr(document, "visibility", None)
    if visibility == DocumentVisibility.MEMBERS:
        return is_adherent_account(user)
    if visibility == DocumentVisibility.FAMILY:
        return can_view_market_documents(user, document.family_id)
    return False


# The contract's own establishment only (a GHT's support admins see its reporting files, not
# its contracts), and the centre's staff.
can_view_contract = is_contract_member | is_staff_member

rules.add_perm("buyer_space.view_contract", can_view_contract)
rules.add_perm("buyer_space.open_offer_document", can_open_offer_document)


# Offer subscriptions (the bell) and notifications (*Mes notifications*) ---------------------


def prime_access(users):
    """Read the affiliations and family rights of many accounts at once (two queries).

    Each account then answers the predicates without a query of its own: the fan-out of an
    offer's changes tests thousands of subscribers this way.
    """
    from .models import Affiliation, FamilyRight

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


@rules.predicate
def is_subscription_owner(user, subscription):
    return subscription is not None and subscription.user_id == user.pk


@rules.predicate
def is_notification_owner(user, notification):
    return notification is not None and notification.user_id == user.pk


# Only active accounts (confirmed, with an active rattachement) follow offers: no bell for a
# pending account.
can_subscribe_to_offers = is_active_account
# What a subscriber hears of a changed document: what he could download. The editor check
# runs for staff accounts only (it reads the account's model permissions).
can_hear_of_offer_document = (
    catalogue_rules.is_public_document
    | catalogue_rules.granted_by_extension
    | (is_staff_member & catalogue_rules.is_document_editor)
)

rules.add_perm("buyer_space.subscribe_to_offers", can_subscribe_to_offers)
rules.add_perm("buyer_space.hear_of_offer_document", can_hear_of_offer_document)
rules.add_perm("buyer_space.view_notifications", rules.is_authenticated)
rules.add_perm("buyer_space.manage_subscription", is_subscription_owner)
rules.add_perm("buyer_space.read_notification", is_notification_owner)


# Convention deposits (*Dépôt des conventions*) --------------------------------------------------


def deposit_establishment_ids(user, family_id):
    """The establishments ``user`` may deposit a convention for, for an offer of ``family_id``:
    those he administers, and those where his active affiliation holds the family's *droits
    d'adhésion identiques aux administrateurs*. Computed once per family and user object.

    Not limited to adherent establishments: depositing the signed convention is how an
    establishment joins the offer.
    """
    from .models import FamilyRight

    account = access(user)
    if account is None:
        return frozenset()
    cache = account.__dict__.setdefault("_deposit_establishment_ids", {})
    if family_id not in cache:
        ids = set(account.admin_ids)
        if family_id is not None:
            ids.update(
                FamilyRight.objects.filter(
                    affiliation__user_id=user.pk,
                    affiliation__status=AffiliationStatus.ACTIVE,
                    family_id=family_id,
                    has_admin_membership_rights=True,
                ).values_list("affiliation__establishment_id", flat=True)
            )
        cache[family_id] = frozenset(ids)
    return cache[family_id]


def deposit_family_ids(user):
    """``None`` when ``user`` may deposit for every family (he administers an establishment),
    else the families whose admin-like adhesion rights he holds (maybe none). Cached."""
    from .models import FamilyRight

    account = access(user)
    if account is None:
        return frozenset()
    if account.admin_ids:
        return None
    if "_deposit_family_ids" not in account.__dict__:
        account.__dict__["_deposit_family_ids"] = frozenset(
            FamilyRight.objects.filter(
                affiliation__user_id=user.pk,
                affiliation__status=AffiliationStatus.ACTIVE,
                has_admin_membership_rights=True,
            ).values_list("family_id", flat=True)
        )
    return account.__dict__["_deposit_family_ids"]


@rules.predicate
def is_open_intermediary_offer(user, offer):
    """A live intermédiaire offer that has not expired."""
    from catalogue.choices import AccessMode, OfferStatus

    return (
        offer is not None
        and getattr(offer, "access_mode", None) == AccessMode.INTERMEDIARY
        and offer.live
        and offer.get_status() != OfferStatus.EXPIRED
    )


@rules.predicate
def may_deposit_for_offer(user, offer):
    return offer is not None and bool(deposit_establishment_ids(user, offer.family_id))


@rules.predicate
def may_deposit_for_some_family(user):
    families = deposit_family_ids(user)
    return families is None or bool(families)


@rules.predicate
def holds_deposit_model_permission(user):
    """Django's ``membership.change_conventiondeposit``, given to the staff who process them."""
    return (
        user is not None and user.is_active and user.has_perm("membership.change_conventiondeposit")
    )


can_deposit_convention = is_confirmed & is_open_intermediary_offer & may_deposit_for_offer
can_use_deposits = is_confirmed & may_deposit_for_some_family
can_process_deposits = is_staff_member & holds_deposit_model_permission

rules.add_perm("buyer_space.deposit_convention", can_deposit_convention)
rules.add_perm("buyer_space.use_deposits", can_use_deposits)
rules.add_perm("buyer_space.process_deposits", can_process_deposits)


# Exchanges (*Échanges en cours*) ------------------------------------------------------------


@rules.predicate
def is_exchange_participant(user, exchange):
    """The thread's author, while still active in its establishment, or an admin of that
    establishment (an admin sees every thread of the establishments he administers)."""
    account = access(user)
    if account is None or exchange is None:
        return False
    if exchange.establishment_id in account.admin_ids:
        return True
    return exchange.author_id == user.pk and exchange.establishment_id in account.member_ids


@rules.predicate
def is_exchange_not_closed(user, exchange):
    from .choices import ExchangeStatus

    return exchange is not None and exchange.status != ExchangeStatus.CLOSED


@rules.predicate
def holds_exchange_model_permission(user):
    """Django's ``buyer_space.change_exchange``, given to the staff who answer the threads."""
    return user is not None and user.is_active and user.has_perm("buyer_space.change_exchange")


can_use_exchanges = is_active_account
can_start_exchange = is_active_account & is_establishment_member
can_read_exchange = is_active_account & is_exchange_participant
can_reply_exchange = can_read_exchange & is_exchange_not_closed
can_answer_exchanges = is_staff_member & holds_exchange_model_permission

rules.add_perm("buyer_space.use_exchanges", can_use_exchanges)
rules.add_perm("buyer_space.start_exchange", can_start_exchange)
rules.add_perm("buyer_space.read_exchange", can_read_exchange)
rules.add_perm("buyer_space.reply_exchange", can_reply_exchange)
rules.add_perm("buyer_space.answer_exchanges", can_answer_exchanges)


# Dashboard, *Autres documents* and *Fichiers de données* ------------------------------------


@rules.predicate
def has_buyer_profile(user):
    """An account registered on the portal (the centre's staff accounts have no buyer profile)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return getattr(user, "buyer_profile", None) is not None


@rules.predicate
def is_other_document_recipient(user, document):
    """A document of an establishment ``user`` administers; a document for all (no
    establishment) goes to the admins of member (*adhérent*) establishments."""
    account = access(user)
    if account is None or document is None:
        return False
    if document.establishment_id is None:
        return account.adherent_admin
    return document.establishment_id in account.admin_ids


@rules.predicate
def is_data_file_recipient(user, data_file):
    """Billing data: the admins of the file's establishment and those of its GHT's support."""
    return data_file is not None and can_view_billing(user, data_file.establishment_id)


@rules.predicate
def holds_other_document_model_permission(user):
    return any(
        user.has_perm(f"buyer_space.{action}_otherdocument") for action in ("view", "change")
    )


@rules.predicate
def holds_data_file_model_permission(user):
    return any(user.has_perm(f"buyer_space.{action}_datafile") for action in ("view", "change"))


# The pages and the counters of *Autres documents* and *Fichiers de données*: admins only.
can_view_admin_documents = is_active_account & administers_any_establishment

rules.add_perm("buyer_space.edit_profile", has_buyer_profile)
rules.add_perm("buyer_space.view_other_documents", can_view_admin_documents)
rules.add_perm("buyer_space.view_data_files", can_view_admin_documents)
rules.add_perm(
    "buyer_space.download_other_document", is_active_account & is_other_document_recipient
)
rules.add_perm("buyer_space.download_data_file", is_active_account & is_data_file_recipient)
rules.add_perm(
    "buyer_space.staff_download_other_document",
    is_staff_member & holds_other_document_model_permission,
)
rules.add_perm(
    "buyer_space.staff_download_data_file", is_staff_member & holds_data_file_model_permission
)
