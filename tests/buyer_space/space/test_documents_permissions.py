"""Every profile against the dashboard, the personal information, *Autres documents*,
*Fichiers de données* and each of their private files, from one table — every file's URL is
tried by every profile (direct URL guessing) — and the staff's screens and downloads.

Expectations: ``200`` shown (a file: sent, never cached); ``302`` redirected to the page it
names; ``"login"`` redirected to the portal login; ``"admin_login"`` redirected to the admin
login; ``404`` refused exactly like a missing object.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from buyer_space.space.choices import DataFileKind, OtherDocumentCategory
from buyer_space.space.views.documents import (
    STAFF_DATA_FILE_URL_NAME,
    STAFF_OTHER_DOCUMENT_URL_NAME,
)
from tests.buyer_space.conftest import PROFILES
from tests.factories.buyer_space import DataFileFactory, OtherDocumentFactory

pytestmark = pytest.mark.django_db

STAFF_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("otherdocument", "datafile", "newsletter")
    for action in ("add", "change", "delete", "view")
]


def grant_document_rights(user):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="space", codename__in=STAFF_PERMISSIONS)
    )


@dataclass
class Files:
    doc_mine: object
    doc_all: object
    doc_theirs: object
    doc_support: object
    doc_orphan: object
    data_mine: object
    data_support: object
    data_theirs: object
    data_orphan: object


def make_files(world):
    """One document and one report per establishment of the world, and a document for all."""
    return Files(
        doc_mine=OtherDocumentFactory(establishment=world.establishment),
        doc_all=OtherDocumentFactory(establishment=None, category=OtherDocumentCategory.GEB),
        doc_theirs=OtherDocumentFactory(establishment=world.other),
        doc_support=OtherDocumentFactory(
            establishment=world.support, category=OtherDocumentCategory.CDA_BULLETIN
        ),
        doc_orphan=OtherDocumentFactory(establishment=world.orphan),
        data_mine=DataFileFactory(establishment=world.establishment),
        data_support=DataFileFactory(
            establishment=world.support, kind=DataFileKind.HALF_YEARLY_GAINS
        ),
        data_theirs=DataFileFactory(
            establishment=world.other, kind=DataFileKind.WEEKLY_INTERMEDIARY_BILLING
        ),
        data_orphan=DataFileFactory(establishment=world.orphan),
    )


@pytest.fixture
def files(world):
    grant_document_rights(world.staff)
    return make_files(world)


def _download(name, attr):
    return lambda w, f: reverse(name, args=[getattr(f, attr).pk])


def _doc(attr):
    return _download("buyer_space:other_document_download", attr)


def _data(attr):
    return _download("buyer_space:data_file_download", attr)


def _admin_doc(attr):
    return _download(STAFF_OTHER_DOCUMENT_URL_NAME, attr)


def _admin_data(attr):
    return _download(STAFF_DATA_FILE_URL_NAME, attr)


URLS = {
    "dashboard": lambda w, f: reverse("buyer_space:space"),
    "profile": lambda w, f: reverse("buyer_space:profile"),
    "my_establishment": lambda w, f: reverse("buyer_space:my_establishment"),
    "other_documents": lambda w, f: reverse("buyer_space:other_documents"),
    "data_files": lambda w, f: reverse("buyer_space:data_files"),
    "doc_mine": _doc("doc_mine"),
    "doc_all": _doc("doc_all"),
    "doc_theirs": _doc("doc_theirs"),
    "doc_support": _doc("doc_support"),
    "doc_orphan": _doc("doc_orphan"),
    "data_mine": _data("data_mine"),
    "data_support": _data("data_support"),
    "data_theirs": _data("data_theirs"),
    "data_orphan": _data("data_orphan"),
    "admin_documents": lambda w, f: "/admin/space/otherdocument/",
    "admin_data_files": lambda w, f: "/admin/space/datafile/",
    "admin_newsletters": lambda w, f: "/admin/snippets/space/newsletter/",
    "admin_doc_mine": _admin_doc("doc_mine"),
    "admin_doc_all": _admin_doc("doc_all"),
    "admin_doc_theirs": _admin_doc("doc_theirs"),
    "admin_data_mine": _admin_data("data_mine"),
    "admin_data_support": _admin_data("data_support"),
    "admin_data_theirs": _admin_data("data_theirs"),
}

L, AL = "login", "admin_login"
# fmt: off
TABLE = {
    #                     anonymous pending user other_admin admin ght_admin staff
    "dashboard":          (L,  200, 200, 200, 200, 200, 200),
    "profile":            (L,  200, 200, 200, 200, 200, 404),
    "my_establishment":   (L,  404, 302, 302, 302, 302, 404),
    "other_documents":    (L,  404, 404, 200, 200, 200, 404),
    "data_files":         (L,  404, 404, 200, 200, 200, 404),
    # Autres documents: one's own establishments', and those for all to adherents' admins.
    "doc_mine":           (L,  404, 404, 404, 200, 404, 404),
    "doc_all":            (L,  404, 404, 200, 200, 200, 404),
    "doc_theirs":         (L,  404, 404, 200, 404, 404, 404),
    "doc_support":        (L,  404, 404, 404, 404, 200, 404),
    "doc_orphan":         (L,  404, 404, 404, 404, 404, 404),
    # Fichiers de données: admins, and the GHT support's admins for the whole group.
    "data_mine":          (L,  404, 404, 404, 200, 200, 404),
    "data_support":       (L,  404, 404, 404, 404, 200, 404),
    "data_theirs":        (L,  404, 404, 200, 404, 404, 404),
    "data_orphan":        (L,  404, 404, 404, 404, 404, 404),
    "admin_documents":    (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_data_files":   (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_newsletters":  (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_doc_mine":     (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_doc_all":      (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_doc_theirs":   (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_data_mine":    (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_data_support": (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_data_theirs":  (AL, AL,  AL,  AL,  AL,  AL,  200),
}
# fmt: on

CASES = [
    pytest.param(profile, name, expected, id=f"{profile}-{name}")
    for name, row in TABLE.items()
    for profile, expected in zip(PROFILES, row, strict=True)
]

MY_ROUTES = {
    "space",
    "profile",
    "my_establishment",
    "other_documents",
    "other_document_download",
    "data_files",
    "data_file_download",
}


def test_the_table_covers_every_route_of_mine():
    from buyer_space.urls import urlpatterns

    prefixes = ("mon-espace/mes-", "mon-espace/mon-", "mon-espace/autres-", "mon-espace/fichiers-")
    routes = {p.name for p in urlpatterns if str(p.pattern).startswith(prefixes)}
    routes |= {p.name for p in urlpatterns if str(p.pattern) == "mon-espace/"}
    assert routes == MY_ROUTES


@pytest.mark.parametrize(("profile", "name", "expected"), CASES)
def test_documents_permission_matrix(world, files, login, profile, name, expected):
    client = login(world.account(profile))

    response = client.get(URLS[name](world, files))

    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("buyer_space:login") + "?next=")
    elif expected == "admin_login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    else:
        assert response.status_code == expected
    attr = name.removeprefix("admin_")
    if attr in Files.__dataclass_fields__ and expected == 200:
        stored = getattr(files, attr).file
        stored.open("rb")
        assert b"".join(response.streaming_content) == stored.read()
        stored.close()
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("page", "attr"),
    [("other_documents", "doc_"), ("data_files", "data_")],
)
@pytest.mark.parametrize("profile", ["other_admin", "admin", "ght_admin"])
def test_each_page_links_exactly_the_files_its_profile_may_download(
    world, files, login, page, attr, profile
):
    html = login(world.account(profile)).get(URLS[page](world, files)).content.decode()
    column = PROFILES.index(profile)
    for name, row in TABLE.items():
        if name in Files.__dataclass_fields__ and name.startswith(attr):
            linked = URLS[name](world, files) in html
            assert linked is (row[column] == 200), name


def test_a_refused_file_looks_exactly_like_a_missing_one(world, files, login):
    client = login(world.user)
    for route, attr in [
        ("buyer_space:other_document_download", "doc_mine"),
        ("buyer_space:data_file_download", "data_mine"),
    ]:
        refused = client.get(reverse(route, args=[getattr(files, attr).pk]))
        missing = client.get(reverse(route, args=[987654]))
        huge = client.get(reverse(route, args=[10**20]))
        assert refused.status_code == missing.status_code == huge.status_code == 404
        assert [t.name for t in refused.templates] == [t.name for t in missing.templates]


def test_staff_without_the_model_rights_cannot_download(world, files, login):
    world.staff.user_permissions.clear()
    world.staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client = login(world.staff)
    assert client.get(URLS["admin_doc_mine"](world, files)).status_code == 404
    assert client.get(URLS["admin_data_mine"](world, files)).status_code == 404


def test_an_admin_of_a_non_adherent_establishment_does_not_get_the_documents_for_all(
    world, files, login
):
    type(world.other).objects.filter(pk=world.other.pk).update(is_member=False)
    client = login(world.other_admin)
    assert client.get(URLS["doc_all"](world, files)).status_code == 404
    assert client.get(URLS["doc_theirs"](world, files)).status_code == 200


def test_a_refused_or_unconfirmed_admin_sees_nothing(world, files, login):
    profile = world.admin.buyer_profile
    profile.email_confirmed_at = None
    profile.save()
    client = login(world.admin)
    for name in ("other_documents", "data_files", "doc_mine", "data_mine"):
        assert client.get(URLS[name](world, files)).status_code == 404, name
