import rules

from buyer_space.accounts.choices import AffiliationStatus
from buyer_space.accounts.models import FamilyRight
from buyer_space.accounts.rules import access, is_confirmed
from catalogue.choices import AccessMode, OfferStatus
from espace_site.rules import is_staff_member


def deposit_establishment_ids(user, family_id):
    """The establishments ``user`` may deposit a convention for, for an offer of ``family_id``:
    those he administers, and those where his active affiliation holds the family's *droits
    d'adhésion identiques aux administrateurs*. Computed once per family and user object.

    Not limited to adherent establishments: depositing the signed convention is how an
    establishment joins the offer.
    """
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
    """Django's ``deposits.change_conventiondeposit``, given to the staff who process them."""
    return (
        user is not None and user.is_active and user.has_perm("deposits.change_conventiondeposit")
    )


can_deposit_convention = is_confirmed & is_open_intermediary_offer & may_deposit_for_offer


can_use_deposits = is_confirmed & may_deposit_for_some_family


can_process_deposits = is_staff_member & holds_deposit_model_permission


rules.add_perm("deposits.deposit_convention", can_deposit_convention)


rules.add_perm("deposits.use_deposits", can_use_deposits)


rules.add_perm("deposits.process_deposits", can_process_deposits)
