"""The buyer space's views; the admin screens (``staff``, ``deposit_admin``, ``exchange_admin``)
share :class:`RulePermissionMixin`."""

import rules
from django.core.exceptions import PermissionDenied


class RulePermissionMixin:
    """A class-based view open only to users holding the ``rules`` predicate ``permission``
    (others get a 403)."""

    permission = None

    def dispatch(self, request, *args, **kwargs):
        if not rules.has_perm(self.permission, request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
