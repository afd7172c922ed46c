"""The profiles of issue 3, in one world: a GHT whose support establishment has its admin, the
establishment *CH DE TEST* (member of the GHT, adhérent) with its admin, a user and a pending
request, another establishment with its own admin, an establishment with no admin (validated by
the centre), and a member of the centre's staff."""

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from buyer_space.accounts.choices import Role
from membership.establishments.choices import GroupRole
from tests.factories.buyer_space import AffiliationFactory, UserFactory
from tests.factories.catalogue import PurchaseFamilyFactory
from tests.factories.membership import EstablishmentFactory, EstablishmentGroupFactory

_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def without_csrf(content):
    """A page's bytes without its CSRF token (masked afresh at each rendering)."""
    return _CSRF.sub(b"", content)


PROFILES = ("anonymous", "pending", "user", "other_admin", "admin", "ght_admin", "staff")


@dataclass
class World:
    establishment: object
    support: object
    other: object
    orphan: object
    families: list
    admin: object
    user: object
    pending: object
    other_admin: object
    ght_admin: object
    staff: object
    orphan_pending: object

    def account(self, profile):
        """The account of a profile name (``None`` for the anonymous visitor)."""
        return None if profile == "anonymous" else getattr(self, profile)

    def affiliation(self, user, establishment=None):
        establishment = establishment or self.establishment
        return user.affiliations.get(establishment=establishment)


def make_world():
    group = EstablishmentGroupFactory(name="GHT de test")
    support = EstablishmentFactory(
        name="CHU SUPPORT", group=group, group_role=GroupRole.SUPPORT, member=True
    )
    group.support = support
    group.save(update_fields=["support"])
    establishment = EstablishmentFactory(
        name="CH DE TEST", group=group, group_role=GroupRole.MEMBER, member=True
    )
    other = EstablishmentFactory(name="CH VOISIN", member=True)
    orphan = EstablishmentFactory(name="EHPAD SANS ADMIN")
    families = [
        PurchaseFamilyFactory(name=name, slug=slug, sort_order=index)
        for index, (name, slug) in enumerate(
            [
                ("Biomédical", "biomedical"),
                ("Bâtiment et énergie", "batiment-energie"),
                ("Dispositifs médicaux", "dispositifs-medicaux"),
            ]
        )
    ]
    admin = AffiliationFactory(
        establishment=establishment,
        admin=True,
        user__first_name="Alice",
        user__last_name="Admin",
        user__email="alice.admin@ch-test.example",
    ).user
    user = AffiliationFactory(
        establishment=establishment,
        user__first_name="Ulysse",
        user__last_name="Utilisateur",
        user__email="ulysse@ch-test.example",
    ).user
    pending = AffiliationFactory(
        establishment=establishment,
        pending=True,
        user__first_name="Paul",
        user__last_name="Attente",
        user__email="paul.attente@ch-test.example",
    ).user
    other_admin = AffiliationFactory(
        establishment=other, admin=True, user__email="olga@ch-voisin.example"
    ).user
    ght_admin = AffiliationFactory(
        establishment=support, admin=True, user__email="gilles@chu-support.example"
    ).user
    staff = UserFactory(email="agent@centrale.example", is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    orphan_pending = AffiliationFactory(
        establishment=orphan,
        pending=True,
        requested_role=Role.ADMIN,
        user__email="orphelin@ehpad.example",
    )
    mail.outbox.clear()
    return World(
        establishment=establishment,
        support=support,
        other=other,
        orphan=orphan,
        families=families,
        admin=admin,
        user=user,
        pending=pending,
        other_admin=other_admin,
        ght_admin=ght_admin,
        staff=staff,
        orphan_pending=orphan_pending,
    )


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def login(client):
    """``login(user)`` logs the test client in (``None`` stays anonymous); returns the client."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login
