"""Accounts that reach the membership admin screens, or not; and the buyers' world (the buyer
space plugin's fixtures), for the contracts and deposits that buyers see in Mon espace."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tests.buyer_space.conftest import login, world  # noqa: F401 (fixtures)


def _permissions(*names):
    permissions = []
    for name in names:
        app_label, codename = name.split(".")
        permissions.append(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return permissions


def make_user(username, *permissions, is_staff=False):
    user = get_user_model().objects.create_user(
        username=username, email=username, password="mot-de-passe-de-test", is_staff=is_staff
    )
    user.user_permissions.add(*_permissions(*permissions))
    return user


@pytest.fixture
def buyer(db):
    """A buyer with no admin access at all."""
    return make_user("acheteur@hopital.example")


@pytest.fixture
def staff_without_permission(db):
    """A centre staff member who reaches the Wagtail admin but may not touch establishments."""
    return make_user("redacteur@centrale.example", "wagtailadmin.access_admin", is_staff=True)


@pytest.fixture
def reviewer(db):
    """A centre staff member in charge of the entity requests (not a superuser)."""
    return make_user(
        "adhesions@centrale.example",
        "wagtailadmin.access_admin",
        "establishments.view_entityrequest",
        "establishments.change_entityrequest",
        is_staff=True,
    )


@pytest.fixture
def establishment_manager(db):
    return make_user(
        "annuaire@centrale.example",
        "wagtailadmin.access_admin",
        "establishments.view_establishment",
        "establishments.add_establishment",
        "establishments.change_establishment",
        is_staff=True,
    )
