"""Who may download an offer document, through the page and through its file URL."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission

from catalogue.choices import DocumentVisibility
from catalogue.hooks import DOCUMENT_ACCESS_HOOK
from catalogue.templatetags.catalogue_tags import file_size_fr
from tests.factories.catalogue import CatalogueDocumentFactory, PurchaseFamilyFactory

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 contenu de test"


@pytest.fixture
def family():
    return PurchaseFamilyFactory(name="Biomédical", slug="biomedical")


@pytest.fixture
def documents(family):
    return {
        visibility: CatalogueDocumentFactory(
            title=f"Document {visibility}",
            visibility=visibility,
            family=family if visibility == DocumentVisibility.FAMILY else None,
        )
        for visibility in DocumentVisibility.values
    }


def make_user(profile, django_user_model):
    if profile == "anonyme":
        return None
    if profile == "superutilisateur":
        return django_user_model.objects.create_superuser("super", password="x")
    user = django_user_model.objects.create_user(profile, password="x")
    if profile == "editeur":
        user.user_permissions.add(Permission.objects.get(codename="change_cataloguedocument"))
    elif profile == "editeur-wagtail":
        group = Group.objects.create(name="Éditeurs de documents")
        GroupCollectionPermission.objects.create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename="change_document"
            ),
        )
        user.groups.add(group)
    return user


PUBLIC, MEMBERS, FAMILY = DocumentVisibility.values
ACCESS_TABLE = [
    ("anonyme", PUBLIC, True),
    ("anonyme", MEMBERS, False),
    ("anonyme", FAMILY, False),
    ("acheteur", PUBLIC, True),
    ("acheteur", MEMBERS, False),
    ("acheteur", FAMILY, False),
    ("editeur", PUBLIC, True),
    ("editeur", MEMBERS, True),
    ("editeur", FAMILY, True),
    ("editeur-wagtail", MEMBERS, True),
    ("editeur-wagtail", FAMILY, True),
    ("superutilisateur", MEMBERS, True),
    ("superutilisateur", FAMILY, True),
]


@pytest.mark.parametrize(("profile", "visibility", "allowed"), ACCESS_TABLE)
def test_document_file_url_obeys_the_download_permission(
    client, django_user_model, documents, profile, visibility, allowed
):
    user = make_user(profile, django_user_model)
    if user is not None:
        client.force_login(user)
    document = documents[visibility]

    response = client.get(document.url)

    assert (user.has_perm if user else _anonymous_has_perm)(
        "catalogue.download_document", document
    ) is allowed
    if allowed:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == CONTENT
    else:
        assert response.status_code == 404


def _anonymous_has_perm(perm, obj):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser().has_perm(perm, obj)


def test_a_refused_document_looks_exactly_like_a_missing_one(client, documents):
    restricted = documents[MEMBERS]
    missing_url = restricted.url.replace(f"/{restricted.pk}/", "/987654/")

    refused = client.get(restricted.url)
    missing = client.get(missing_url)

    assert refused.status_code == missing.status_code == 404
    assert [t.name for t in refused.templates] == [t.name for t in missing.templates]


def test_restricted_documents_are_served_private_and_not_stored(
    client, django_user_model, documents
):
    client.force_login(make_user("editeur", django_user_model))

    restricted = client.get(documents[FAMILY].url)
    public = client.get(documents[PUBLIC].url)

    assert restricted.status_code == 200
    assert "private" in restricted["Cache-Control"]
    assert "no-store" in restricted["Cache-Control"]
    assert "no-store" not in public.get("Cache-Control", "")


def test_a_plugin_opens_restricted_documents_through_the_hook(
    client, django_user_model, documents, family
):
    buyer = make_user("acheteur", django_user_model)
    client.force_login(buyer)

    def family_right(user, document):
        return user.is_authenticated and document.family_id == family.pk

    with hooks.register_temporarily(DOCUMENT_ACCESS_HOOK, family_right):
        opened = client.get(documents[FAMILY].url)
        still_closed = client.get(documents[MEMBERS].url)

    assert opened.status_code == 200
    assert still_closed.status_code == 404
    assert client.get(documents[FAMILY].url).status_code == 404


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, "0 octets"),
        (900, "900 octets"),
        (72602, "70,9 ko"),
        (488346, "476,9 ko"),
        (37119590, "35,4 Mo"),
        (37434163, "35,7 Mo"),
        (3 * 1024**3, "3,0 Go"),
        (None, ""),
        ("abc", ""),
    ],
)
def test_file_sizes_are_written_the_french_way(size, expected):
    assert file_size_fr(size) == expected
