import pytest
from django.contrib.auth import get_user_model

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import Affiliation
from buyer_space.exchanges.models import Exchange
from buyer_space.space.demo import ACCOUNTS, DEMO_PASSWORD, seed_buyer_space
from buyer_space.space.models import DataFile, OtherDocument
from membership.establishments.demo import seed_establishments

pytestmark = pytest.mark.django_db


def test_the_demo_accounts_cover_every_profile_and_are_seeded_once():
    seed_establishments()
    seed_buyer_space()
    counts = (
        get_user_model().objects.count(),
        Affiliation.objects.count(),
        Exchange.objects.count(),
        OtherDocument.objects.count(),
        DataFile.objects.count(),
    )

    seed_buyer_space()

    assert counts == (
        get_user_model().objects.count(),
        Affiliation.objects.count(),
        Exchange.objects.count(),
        OtherDocument.objects.count(),
        DataFile.objects.count(),
    )
    assert counts[0] == len(ACCOUNTS)
    admin = get_user_model().objects.get(username="admin.chtest@demo.example")
    assert admin.check_password(DEMO_PASSWORD)
    roles = {
        (a.user.username, a.establishment.name, a.role, a.status)
        for a in Affiliation.objects.select_related("user", "establishment")
    }
    assert (
        "admin.chtest@demo.example",
        "CH DE TEST",
        Role.ADMIN,
        AffiliationStatus.ACTIVE,
    ) in roles
    assert (
        "en-attente.chtest@demo.example",
        "CH DE TEST",
        Role.USER,
        AffiliationStatus.PENDING,
    ) in roles
    ght_admin = Affiliation.objects.get(user__username="admin.ght@demo.example")
    assert ght_admin.establishment.is_group_support
