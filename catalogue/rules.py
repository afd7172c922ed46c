"""Permission predicates of the catalogue (loaded by ``rules.apps.AutodiscoverRulesConfig``)."""

import rules
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from .hooks import document_access_granted

_EDITOR_CACHE_ATTR = "_catalogue_is_document_editor"


@rules.predicate
def is_public_document(user, document):
    return document is not None and document.is_public


@rules.predicate
def is_document_editor(user):
    """A superuser, or a user allowed to change documents (model or Wagtail collection right).

    The answer is kept on the user object, so listing many documents costs one check.
    """
    if not user.is_active:
        return False
    cached = getattr(user, _EDITOR_CACHE_ATTR, None)
    if cached is None:
        cached = (
            user.is_superuser
            or user.has_perm("catalogue.change_cataloguedocument")
            or policy_registry.get_by_type(get_document_model()).user_has_permission(user, "change")
        )
        if user.is_authenticated:
            setattr(user, _EDITOR_CACHE_ATTR, cached)
    return cached


@rules.predicate
def granted_by_extension(user, document):
    return document is not None and document_access_granted(user, document)


can_download_document = is_public_document | is_document_editor | granted_by_extension

rules.add_perm("catalogue.download_document", can_download_document)
