"""The demo establishments seeded by ``seed_demo`` through the core's plugin hook."""

import io

import pytest
from django.core.exceptions import ValidationError
from wagtail import hooks

from catalogue.hooks import SEED_DEMO_HOOK
from membership.establishments.choices import GroupRole
from membership.establishments.demo import seed_establishments
from membership.establishments.frontend_hooks import seed_membership_demo
from membership.establishments.models import Establishment, EstablishmentGroup
from membership.establishments.validators import validate_siret

pytestmark = pytest.mark.django_db


def test_registered_under_the_core_hook():
    assert seed_membership_demo in hooks.get_hooks(SEED_DEMO_HOOK)


def test_seeds_about_fifty_valid_establishments():
    out = io.StringIO()

    seed_membership_demo(out, {})

    assert "Établissements : 50 (50 créé(s))" in out.getvalue()
    assert Establishment.objects.count() == 50
    for establishment in Establishment.objects.all():
        validate_siret(establishment.siret)
        try:
            establishment.full_clean()
        except ValidationError as error:
            pytest.fail(f"{establishment}: {error}")
    test = Establishment.objects.get(name="CH DE TEST")
    assert test.acronym == "CHT"
    members = Establishment.objects.filter(is_member=True)
    assert 10 < members.count() < 50
    assert not members.filter(member_since__isnull=True).exists()
    assert {"CHU", "CH", "EHPAD", "GCS"} <= {
        name.split()[0] for name in Establishment.objects.values_list("name", flat=True)
    }


def test_two_groups_with_their_support():
    seed_establishments()

    groups = EstablishmentGroup.objects.select_related("support")
    assert groups.count() == 2
    for group in groups:
        assert group.support is not None
        assert group.support.group == group
        assert group.support.group_role == GroupRole.SUPPORT
        group.full_clean()
        members = group.establishments.filter(group_role=GroupRole.MEMBER).count()
        assert 3 <= members <= 6


def test_second_run_changes_nothing():
    seed_establishments()
    edited = Establishment.objects.get(name="CH DE TEST")
    edited.city = "Ville modifiée par l'équipe"
    edited.save()
    out = io.StringIO()

    seed_establishments(out)

    assert Establishment.objects.count() == 50
    assert EstablishmentGroup.objects.count() == 2
    assert "(0 créé(s))" in out.getvalue()
    edited.refresh_from_db()
    assert edited.city == "Ville modifiée par l'équipe"
