import rules

from espace_site.rules import is_staff_member


@rules.predicate
def may_change_entity_requests(user):
    return user.has_perm("establishments.change_entityrequest")


@rules.predicate
def may_change_establishments(user):
    return user.has_perm("establishments.change_establishment")


# Accepting or refusing an entity request (*demande d'ajout d'entité*) from the Wagtail admin.
can_review_entity_requests = is_staff_member & may_change_entity_requests


# Editing the establishments and GHT directory from the Wagtail admin.
can_manage_establishments = is_staff_member & may_change_establishments


rules.add_perm("establishments.review_entity_requests", can_review_entity_requests)


rules.add_perm("establishments.manage_establishments", can_manage_establishments)
