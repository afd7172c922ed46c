"""Permission predicates of the membership plugin.

Loaded by ``rules.apps.AutodiscoverRulesConfig``.
"""

import rules


@rules.predicate
def is_centre_staff(user):
    """An active member of the centre's staff: a superuser or a user with Wagtail admin access."""
    return bool(
        user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


@rules.predicate
def may_change_entity_requests(user):
    return user.has_perm("membership.change_entityrequest")


@rules.predicate
def may_change_establishments(user):
    return user.has_perm("membership.change_establishment")


# Accepting or refusing an entity request (*demande d'ajout d'entité*) from the Wagtail admin.
can_review_entity_requests = is_centre_staff & may_change_entity_requests
# Editing the establishments and GHT directory from the Wagtail admin.
can_manage_establishments = is_centre_staff & may_change_establishments

rules.add_perm("membership.review_entity_requests", can_review_entity_requests)
rules.add_perm("membership.manage_establishments", can_manage_establishments)


@rules.predicate
def may_view_contracts(user):
    """Allowed by the Wagtail group rights to see the contracts (*marchés en cours*) or their
    documents."""
    return any(
        user.has_perm(f"membership.{action}_{model}")
        for model in ("contractdocument", "contract")
        for action in ("view", "change", "add")
    )


# Downloading a contract document from the Wagtail admin (its file has no public URL).
can_download_contract_documents = is_centre_staff & may_view_contracts

rules.add_perm("membership.download_contract_document", can_download_contract_documents)
