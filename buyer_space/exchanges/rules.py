import rules

from buyer_space.accounts.rules import access, is_active_account, is_establishment_member
from buyer_space.exchanges.choices import ExchangeStatus
from espace_site.rules import is_staff_member


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
    return exchange is not None and exchange.status != ExchangeStatus.CLOSED


@rules.predicate
def holds_exchange_model_permission(user):
    """Django's ``exchanges.change_exchange``, given to the staff who answer the threads."""
    return user is not None and user.is_active and user.has_perm("exchanges.change_exchange")


can_use_exchanges = is_active_account


can_start_exchange = is_active_account & is_establishment_member


can_read_exchange = is_active_account & is_exchange_participant


can_reply_exchange = can_read_exchange & is_exchange_not_closed


can_answer_exchanges = is_staff_member & holds_exchange_model_permission


rules.add_perm("exchanges.use_exchanges", can_use_exchanges)


rules.add_perm("exchanges.start_exchange", can_start_exchange)


rules.add_perm("exchanges.read_exchange", can_read_exchange)


rules.add_perm("exchanges.reply_exchange", can_reply_exchange)


rules.add_perm("exchanges.answer_exchanges", can_answer_exchanges)


# The buyer closes his own request (its author, or an admin of its establishment), while open.
can_close_exchange = can_reply_exchange


rules.add_perm("exchanges.close_exchange", can_close_exchange)
