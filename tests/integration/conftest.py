import pytest

from .helpers import real_broker, start_worker  # noqa: F401 (fixtures)


@pytest.fixture
def wagtail_root(django_db_serialized_rollback, transactional_db):
    """The tree's root and the default locale, which a transactional test's flush removed."""
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="fr")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
