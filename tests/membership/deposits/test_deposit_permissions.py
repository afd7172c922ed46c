"""Who may deposit a convention, and who may process deposits: one table of (profile, action,
expected), run against the views, the offer page's action and the staff screens."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from membership.deposits.models import ConventionDeposit
from tests.factories.buyer_space import AffiliationFactory, FamilyRightFactory, UserFactory
from tests.membership.deposits.deposit_helpers import good_zip, make_offer

pytestmark = pytest.mark.django_db

# Profiles of tests/buyer_space/conftest.py, plus: a user holding the offer family's *droits
# d'adhésion identiques aux administrateurs* (family_right), one holding them on another family
# (other_family_right), one who may only read its market documents (documents_right), and a
# staff member allowed to process deposits (processor).
PROFILES = (
    "anonymous",
    "pending",
    "user",
    "family_right",
    "other_family_right",
    "documents_right",
    "other_admin",
    "admin",
    "ght_admin",
    "staff",
    "processor",
)
MAY_DEPOSIT = {"family_right", "other_admin", "admin", "ght_admin"}
MAY_PROCESS = {"processor"}


@pytest.fixture
def setup(world, catalogue_index):
    family, other_family = world.families[0], world.families[1]
    offer = make_offer(catalogue_index, family)
    accounts = {name: world.account(name) for name in PROFILES if hasattr(world, name)}
    accounts["anonymous"] = None
    for name, right_family, adhesion in (
        ("family_right", family, True),
        ("other_family_right", other_family, True),
        ("documents_right", family, False),
    ):
        affiliation = AffiliationFactory(
            establishment=world.establishment, user__email=f"{name}@ch-test.example"
        )
        FamilyRightFactory(
            affiliation=affiliation,
            family=right_family,
            can_view_market_documents=True,
            has_admin_membership_rights=adhesion,
        )
        accounts[name] = affiliation.user
    processor = UserFactory(email="depots@centrale.example", is_staff=True)
    processor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(
            content_type__app_label="deposits", codename="change_conventiondeposit"
        ),
    )
    accounts["processor"] = processor
    deposit = ConventionDeposit.objects.create(
        establishment=world.establishment,
        offer=offer,
        depositor=world.admin,
        company_name="CH DE TEST",
        contract_number="N-1",
        archive=good_zip(),
        email="a@b.example",
        phone="0123141516",
        order_reference="EJ",
        chorus_service_code="CODE",
    )
    return offer, accounts, deposit


def _client(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


CASES = [(profile, profile in MAY_DEPOSIT) for profile in PROFILES]


@pytest.mark.parametrize(("profile", "allowed"), CASES)
def test_the_deposit_form(client, setup, profile, allowed):
    offer, accounts, _ = setup
    response = _client(client, accounts[profile]).get(
        reverse("membership:deposit_form", args=[offer.pk])
    )
    if profile == "anonymous":
        assert response.status_code == 302
        assert reverse("buyer_space:login") in response["Location"]
    else:
        assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize(("profile", "allowed"), CASES)
def test_posting_a_deposit(client, world, setup, profile, allowed):
    offer, accounts, _ = setup
    before = ConventionDeposit.objects.count()
    _client(client, accounts[profile]).post(
        reverse("membership:deposit_form", args=[offer.pk]),
        {
            "establishment": world.establishment.pk,
            "company_name": "CH",
            "contract_number": "N-2",
            "archive": good_zip(),
            "email": "a@b.example",
            "phone": "0123141516",
            "order_reference": "EJ",
            "chorus_service_code": "CODE",
        },
    )
    created = ConventionDeposit.objects.count() - before
    # An admin of another establishment may deposit, but not for CH DE TEST.
    expected = 1 if allowed and profile not in {"other_admin", "ght_admin"} else 0
    assert created == expected


@pytest.mark.parametrize(("profile", "allowed"), CASES)
def test_the_offer_page_action(client, setup, profile, allowed):
    offer, accounts, _ = setup
    html = _client(client, accounts[profile]).get(offer.url).content.decode()
    assert ("Déposer ma convention" in html) is allowed


@pytest.mark.parametrize(
    ("profile", "allowed"),
    [(profile, profile in MAY_DEPOSIT | {"other_family_right"}) for profile in PROFILES],
)
def test_the_offer_chooser_of_mon_espace(client, setup, profile, allowed):
    _, accounts, _ = setup
    response = _client(client, accounts[profile]).get(reverse("membership:deposits"))
    if profile == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize(("profile", "allowed"), [(p, p in MAY_PROCESS) for p in PROFILES])
@pytest.mark.parametrize("view", ["review", "archive"])
def test_the_staff_screens_and_the_zip(client, setup, profile, allowed, view):
    """The zip is downloaded by the staff who process deposits, and by no one else."""
    _, accounts, deposit = setup
    name = {"review": "deposits_deposit_review", "archive": "deposits_deposit_archive"}
    response = _client(client, accounts[profile]).get(reverse(name[view], args=[deposit.pk]))
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403, 404)
        assert b"PK\x03\x04" not in b"".join(getattr(response, "streaming_content", [b""]))
