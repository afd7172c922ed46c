import rules

from buyer_space.accounts.rules import is_establishment_member
from espace_site.rules import is_staff_member


@rules.predicate
def is_contract_member(user, contract):
    """An active member (any role) of the establishment that holds ``contract``."""
    return contract is not None and is_establishment_member(user, contract.establishment_id)


# The contract's own establishment only (a GHT's support admins see its reporting files, not
# its contracts), and the centre's staff.
can_view_contract = is_contract_member | is_staff_member


rules.add_perm("contracts.read_contract", can_view_contract)


@rules.predicate
def may_view_contracts(user):
    """Allowed by the Wagtail group rights to see the contracts (*marchés en cours*) or their
    documents."""
    return any(
        user.has_perm(f"contracts.{action}_{model}")
        for model in ("contractdocument", "contract")
        for action in ("view", "change", "add")
    )


# Downloading a contract document from the Wagtail admin (its file has no public URL).
can_download_contract_documents = is_staff_member & may_view_contracts


rules.add_perm("contracts.download_contract_document", can_download_contract_documents)
