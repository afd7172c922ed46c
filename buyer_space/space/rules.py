import rules

from buyer_space.accounts.rules import (
    access,
    administers_any_establishment,
    can_view_billing,
    is_active_account,
)
from espace_site.rules import is_staff_member


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
    return any(user.has_perm(f"space.{action}_otherdocument") for action in ("view", "change"))


@rules.predicate
def holds_data_file_model_permission(user):
    return any(user.has_perm(f"space.{action}_datafile") for action in ("view", "change"))


# The pages and the counters of *Autres documents* and *Fichiers de données*: admins only.
can_view_admin_documents = is_active_account & administers_any_establishment


rules.add_perm("space.edit_profile", has_buyer_profile)


rules.add_perm("space.view_other_documents", can_view_admin_documents)


rules.add_perm("space.view_data_files", can_view_admin_documents)


rules.add_perm("space.download_other_document", is_active_account & is_other_document_recipient)


rules.add_perm("space.download_data_file", is_active_account & is_data_file_recipient)


rules.add_perm(
    "space.staff_download_other_document",
    is_staff_member & holds_other_document_model_permission,
)


rules.add_perm("space.staff_download_data_file", is_staff_member & holds_data_file_model_permission)
