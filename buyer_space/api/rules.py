import rules

from buyer_space.accounts.rules import is_active_account


@rules.predicate
def is_token_owner(user, token):
    return token is not None and token.user_id == user.pk


# *Mes jetons d'API*: active accounts (confirmed, a validated affiliation); a token acts with
# its account's rights, so a pending account has no use for one.
can_manage_tokens = is_active_account


rules.add_perm("api_espace.manage_tokens", can_manage_tokens)


rules.add_perm("api_espace.revoke_token", can_manage_tokens & is_token_owner)
