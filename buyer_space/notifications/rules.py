import rules

from buyer_space.accounts.rules import is_active_account
from catalogue import rules as catalogue_rules
from espace_site.rules import is_staff_member


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


rules.add_perm("notifications.subscribe_to_offers", can_subscribe_to_offers)


rules.add_perm("notifications.hear_of_offer_document", can_hear_of_offer_document)


rules.add_perm("notifications.view_notifications", rules.is_authenticated)


rules.add_perm("notifications.manage_subscription", is_subscription_owner)


rules.add_perm("notifications.read_notification", is_notification_owner)
