"""Query counts: *Voir les utilisateurs* and the user page cost the same at 5 and 200 users."""

import pytest
from django.urls import reverse

from tests.factories.buyer_space import AffiliationFactory, FamilyRightFactory
from tests.factories.catalogue import PurchaseFamilyFactory

pytestmark = pytest.mark.django_db

# Session, user, the header's two permission lookups (user and group permissions), the header's
# unread-notification count and the side menu's profile check, the establishment, the viewer's
# affiliations, the list (with the accounts and their profiles).
USERS_PAGE_QUERIES = 9
# Session, user, the header's two permission lookups, the unread-notification count and the
# profile check, the account, its affiliations (with their establishments), the viewer's
# affiliations, the families, the rights of the edited affiliations.
USER_PAGE_QUERIES = 11


def populate(world, count):
    for index in range(count):
        affiliation = AffiliationFactory(
            establishment=world.establishment,
            admin=index % 10 == 0,
            pending=index % 7 == 0,
        )
        FamilyRightFactory(affiliation=affiliation, family=world.families[index % 3])
    for index in range(count // 10):
        PurchaseFamilyFactory(name=f"Famille supplémentaire {index}", slug=f"sup-{index}")


@pytest.mark.parametrize("count", [5, 200])
def test_users_list(world, login, django_assert_max_num_queries, count):
    populate(world, count)
    client = login(world.admin)
    url = reverse("buyer_space:establishment_users", args=[world.establishment.pk])
    with django_assert_max_num_queries(USERS_PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<li class="user-row') == count + 3


@pytest.mark.parametrize("count", [5, 200])
def test_users_list_search(world, login, django_assert_max_num_queries, count):
    populate(world, count)
    client = login(world.admin)
    url = reverse("buyer_space:establishment_users", args=[world.establishment.pk])
    with django_assert_max_num_queries(USERS_PAGE_QUERIES):
        response = client.get(url, {"q": "hopital.example"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_user_page(world, login, django_assert_max_num_queries, count):
    populate(world, count)
    target = world.user
    FamilyRightFactory(affiliation=world.affiliation(target), family=world.families[0])
    # The target is attached elsewhere too (not shown) and the admin administers two places.
    AffiliationFactory(user=target, establishment=world.other)
    client = login(world.admin)
    with django_assert_max_num_queries(USER_PAGE_QUERIES):
        response = client.get(reverse("buyer_space:user_rights", args=[target.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('name="documents"') == 3 + count // 10
