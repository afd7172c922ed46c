"""Restricted offer documents (*réservé aux adhérents*, *droit de la famille*) opened by the
buyer space through the core's ``register_document_access`` hook: who downloads them, from the
offer page and by their file URL, privately; the API still never lists them."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buyer_space.accounts.choices import Role
from catalogue.choices import DocumentVisibility
from tests.api.helpers import DOCUMENTS_URL, OFFER_TYPE, PAGES_URL, listed_ids
from tests.buyer_space.conftest import PROFILES
from tests.factories.buyer_space import AffiliationFactory, FamilyRightFactory
from tests.factories.catalogue import (
    CatalogueDocumentFactory,
    OfferPageDocumentFactory,
    OfferPageFactory,
)
from tests.factories.membership import EstablishmentFactory

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 contenu de test"


@pytest.fixture
def offer(world, page_tree):
    """An offer of the first family with a public, a members-only and a family document."""
    offer = OfferPageFactory(parent=page_tree["catalogue"], family=world.families[0])
    offer.test_documents = {}
    for order, visibility in enumerate(DocumentVisibility.values):
        document = CatalogueDocumentFactory(
            title=f"Pièce {visibility}",
            visibility=visibility,
            family=world.families[0] if visibility == DocumentVisibility.FAMILY else None,
        )
        OfferPageDocumentFactory(page=offer, document=document, sort_order=order)
        offer.test_documents[visibility] = document
    return offer


def extra_account(world, name):
    """Profiles beyond the shared ones: family rights, and non-adherent establishments."""
    family, other_family = world.families[0], world.families[1]
    if name == "user_with_right":
        FamilyRightFactory(affiliation=world.affiliation(world.user), family=family)
        return world.user
    if name == "user_with_other_family_right":
        FamilyRightFactory(affiliation=world.affiliation(world.user), family=other_family)
        return world.user
    if name == "user_with_admin_like_right":
        FamilyRightFactory(
            affiliation=world.affiliation(world.user),
            family=family,
            can_view_market_documents=False,
            has_admin_membership_rights=True,
        )
        return world.user
    non_adherent = EstablishmentFactory(name="CLINIQUE NON ADHÉRENTE")
    if name == "non_adherent_admin":
        return AffiliationFactory(establishment=non_adherent, role=Role.ADMIN).user
    if name == "non_adherent_user_with_right":
        affiliation = AffiliationFactory(establishment=non_adherent)
        FamilyRightFactory(affiliation=affiliation, family=family)
        return affiliation.user
    if name == "pending_with_right":
        FamilyRightFactory(affiliation=world.affiliation(world.pending), family=family)
        return world.pending
    raise AssertionError(name)


EXTRA = (
    "user_with_right",
    "user_with_other_family_right",
    "user_with_admin_like_right",
    "non_adherent_admin",
    "non_adherent_user_with_right",
    "pending_with_right",
)

# fmt: off
TABLE = {
    #  profile                         (adherents, famille)
    "anonymous":                       (False, False),
    "pending":                         (False, False),
    "user":                            (True,  False),
    "other_admin":                     (True,  True),
    "admin":                           (True,  True),
    "ght_admin":                       (True,  True),
    "staff":                           (False, False),
    "user_with_right":                 (True,  True),
    "user_with_other_family_right":    (True,  False),
    "user_with_admin_like_right":      (True,  True),
    "non_adherent_admin":              (False, False),
    "non_adherent_user_with_right":    (False, False),
    "pending_with_right":              (False, False),
}
# fmt: on


def test_the_table_covers_every_profile():
    assert set(TABLE) == set(PROFILES) | set(EXTRA)


def account(world, profile):
    return world.account(profile) if profile in PROFILES else extra_account(world, profile)


CASES = [
    pytest.param(profile, visibility, allowed, id=f"{profile}-{visibility}")
    for profile, row in TABLE.items()
    for visibility, allowed in zip(
        (DocumentVisibility.MEMBERS, DocumentVisibility.FAMILY), row, strict=True
    )
]


@pytest.mark.parametrize(("profile", "visibility", "allowed"), CASES)
def test_the_file_url_of_a_restricted_document(world, offer, login, profile, visibility, allowed):
    client = login(account(world, profile))
    document = offer.test_documents[visibility]

    response = client.get(document.url)

    if allowed:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == CONTENT
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(("profile", "visibility", "allowed"), CASES)
def test_the_offer_page_links_what_the_account_may_download(
    world, offer, login, profile, visibility, allowed
):
    client = login(account(world, profile))
    document = offer.test_documents[visibility]

    response = client.get(offer.url)

    assert response.status_code == 200
    content = response.content.decode()
    assert (f'href="{document.url}"' in content) is allowed
    assert f'href="{offer.test_documents[DocumentVisibility.PUBLIC].url}"' in content
    if not allowed:
        label = {"adherents": "Réservé aux adhérents", "famille": "Réservé aux acheteurs habilités"}
        assert label[visibility] in content


def test_guessing_the_url_of_a_refused_document_looks_like_a_missing_one(world, offer, login):
    client = login(world.user)
    refused = client.get(offer.test_documents[DocumentVisibility.FAMILY].url)
    missing = client.get(f"/documents/987654/{offer.test_documents['famille'].filename}")

    assert refused.status_code == missing.status_code == 404
    assert [t.name for t in refused.templates] == [t.name for t in missing.templates]


def test_a_document_changed_to_restricted_closes_at_once(world, offer, login):
    document = offer.test_documents[DocumentVisibility.MEMBERS]
    client = login(world.user)
    assert client.get(document.url).status_code == 200

    document.visibility = DocumentVisibility.FAMILY
    document.family = world.families[1]
    document.save()

    assert login(world.user).get(document.url).status_code == 404


def test_public_documents_stay_cacheable(world, offer, login):
    response = login(world.user).get(offer.test_documents[DocumentVisibility.PUBLIC].url)

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_documents_are_served_by_a_view():
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


# --- The API never lists a restricted document, even to an allowed account ----------------


@pytest.mark.parametrize("profile", ["admin", "user_with_right", "staff"])
def test_the_api_lists_no_restricted_document_to_an_allowed_account(world, offer, login, profile):
    client = login(account(world, profile))
    public = offer.test_documents[DocumentVisibility.PUBLIC]
    restricted = {
        offer.test_documents[DocumentVisibility.MEMBERS].pk,
        offer.test_documents[DocumentVisibility.FAMILY].pk,
    }
    # The account may download them through the site…
    for pk in restricted:
        document = type(public).objects.get(pk=pk)
        assert client.get(document.url).status_code == (404 if profile == "staff" else 200)

    listing = client.get(DOCUMENTS_URL, {"limit": 100})
    searched = client.get(DOCUMENTS_URL, {"search": "Pièce"})
    pages = client.get(PAGES_URL, {"type": OFFER_TYPE, "fields": "documents"})

    # …but the API shows them to no one.
    assert listed_ids(listing) == {public.pk}
    assert not listed_ids(searched) & restricted
    for pk in restricted:
        assert client.get(f"{DOCUMENTS_URL}{pk}/").status_code == 404
    (item,) = pages.json()["items"]
    assert {document["id"] for document in item["documents"]} == {public.pk}


# --- Query counts: the access is read once per request, not once per document ------------


def test_the_offer_page_costs_the_same_at_5_and_300_restricted_documents(
    world, page_tree, login, django_assert_max_num_queries
):
    FamilyRightFactory(affiliation=world.affiliation(world.user), family=world.families[0])
    offer = OfferPageFactory(parent=page_tree["catalogue"], family=world.families[0])
    client = login(world.user)

    def add(count, start):
        for index in range(start, start + count):
            visibility = (DocumentVisibility.MEMBERS, DocumentVisibility.FAMILY)[index % 2]
            document = CatalogueDocumentFactory(
                title=f"Pièce {index:04d}",
                visibility=visibility,
                family=world.families[index % 3] if visibility == "famille" else None,
            )
            OfferPageDocumentFactory(page=offer, document=document, sort_order=index)

    def count():
        client.get(offer.url)
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as ctx:
            response = client.get(offer.url)
        assert response.status_code == 200
        return len(ctx), response.content.decode().count("Télécharger<span")

    add(5, 0)
    with_5, links_5 = count()
    add(295, 5)
    with_300, links_300 = count()

    assert with_300 == with_5
    # Every members-only document, and the family ones of the family the right covers.
    assert links_300 == 150 + 50
    assert links_5 == 3 + 1
