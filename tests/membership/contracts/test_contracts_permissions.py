"""Every profile against every contract view and private file, from one table, including the
direct guessing of other establishments' file URLs.

Expectations: ``200`` shown (a file: sent, never cached); ``"login"`` redirected to the portal
login; ``"admin_login"`` redirected to the admin login; ``404`` refused exactly like a missing
object.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from membership.contracts.admin_views import CONTRACT_DOCUMENT_DOWNLOAD_URL_NAME
from tests.buyer_space.conftest import PROFILES
from tests.membership.contracts.test_contracts import make_contracts

pytestmark = pytest.mark.django_db

CONTRACT_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("contract", "subsequentcontract", "contractdocument")
    for action in ("add", "change", "delete", "view")
]


def grant_contract_rights(user):
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="contracts", codename__in=CONTRACT_PERMISSIONS
        )
    )


@pytest.fixture
def contracts(world):
    grant_contract_rights(world.staff)
    return make_contracts(world)


def _detail(attr):
    return lambda c: reverse("membership:contract_detail", args=[getattr(c, attr).pk])


def _file(contract_attr, document_attr):
    return lambda c: reverse(
        "membership:contract_document",
        args=[getattr(c, contract_attr).pk, getattr(c, document_attr).pk],
    )


def _admin_file(document_attr):
    return lambda c: reverse(
        CONTRACT_DOCUMENT_DOWNLOAD_URL_NAME, args=[getattr(c, document_attr).pk]
    )


URLS = {
    "list": lambda c: reverse("membership:contracts"),
    "export": lambda c: reverse("membership:contracts_export"),
    "detail_mine": _detail("mine"),
    "detail_theirs": _detail("theirs"),
    "detail_support": _detail("support"),
    "file_mine": _file("mine", "document"),
    "file_subsequent": _file("mine", "subsequent_document"),
    "file_theirs": _file("theirs", "their_document"),
    # Guessing: another establishment's document under one's own contract, and the reverse.
    "guess_theirs_under_mine": _file("mine", "their_document"),
    "guess_mine_under_theirs": _file("theirs", "subsequent_document"),
    "admin_contracts": lambda c: "/admin/contracts/contract/",
    "admin_documents": lambda c: "/admin/contracts/contractdocument/",
    "admin_file_mine": _admin_file("document"),
    "admin_file_subsequent": _admin_file("subsequent_document"),
    "admin_file_theirs": _admin_file("their_document"),
}

L, AL = "login", "admin_login"
# fmt: off
TABLE = {
    #                          anonymous pending user other_admin admin ght_admin staff
    "list":                    (L,  200, 200, 200, 200, 200, 200),
    "export":                  (L,  200, 200, 200, 200, 200, 200),
    "detail_mine":             (L,  404, 200, 404, 200, 404, 200),
    "detail_theirs":           (L,  404, 404, 200, 404, 404, 200),
    "detail_support":          (L,  404, 404, 404, 404, 200, 200),
    "file_mine":               (L,  404, 200, 404, 200, 404, 200),
    "file_subsequent":         (L,  404, 200, 404, 200, 404, 200),
    "file_theirs":             (L,  404, 404, 200, 404, 404, 200),
    "guess_theirs_under_mine": (L,  404, 404, 404, 404, 404, 404),
    "guess_mine_under_theirs": (L,  404, 404, 404, 404, 404, 404),
    "admin_contracts":         (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_documents":         (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_file_mine":         (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_file_subsequent":   (AL, AL,  AL,  AL,  AL,  AL,  200),
    "admin_file_theirs":       (AL, AL,  AL,  AL,  AL,  AL,  200),
}
# fmt: on

CASES = [
    pytest.param(profile, name, expected, id=f"{profile}-{name}")
    for name, row in TABLE.items()
    for profile, expected in zip(PROFILES, row, strict=True)
]


def test_the_table_covers_every_contract_route():
    from membership.urls import urlpatterns

    routes = {p.name for p in urlpatterns if str(p.pattern).startswith("mon-espace/marches/")}
    assert routes == {"contracts", "contracts_export", "contract_detail", "contract_document"}


@pytest.mark.parametrize(("profile", "name", "expected"), CASES)
def test_contract_permission_matrix(world, contracts, login, profile, name, expected):
    client = login(world.account(profile))

    response = client.get(URLS[name](contracts))

    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("buyer_space:login") + "?next=")
    elif expected == "admin_login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    else:
        assert response.status_code == expected
    if "file" in name and response.status_code == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 piece de marche"
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]


def test_a_refused_document_looks_exactly_like_a_missing_one(world, contracts, login):
    client = login(world.user)
    refused = client.get(URLS["file_theirs"](contracts))
    missing = client.get(
        reverse("membership:contract_document", args=[contracts.theirs.pk, 987654])
    )

    assert refused.status_code == missing.status_code == 404
    assert [t.name for t in refused.templates] == [t.name for t in missing.templates]


def test_a_refused_affiliation_or_a_deactivated_account_sees_nothing(world, contracts, login):
    from buyer_space.accounts.choices import AffiliationStatus

    world.affiliation(world.user).__class__.objects.filter(
        user=world.user, establishment=world.establishment
    ).update(status=AffiliationStatus.REFUSED)
    refused = login(world.user)

    assert refused.get(URLS["detail_mine"](contracts)).status_code == 404
    assert refused.get(URLS["file_mine"](contracts)).status_code == 404
    assert list(refused.get(URLS["list"](contracts)).context["contracts"]) == []

    world.admin.is_active = False
    world.admin.save(update_fields=["is_active"])
    response = login(world.admin).get(URLS["file_mine"](contracts))
    assert response.status_code == 302  # an inactive account is logged out


def test_staff_without_the_contract_rights_cannot_download_from_the_admin(world, contracts, login):
    world.staff.user_permissions.clear()
    world.staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )

    response = login(world.staff).get(URLS["admin_file_mine"](contracts))

    assert response.status_code == 404


def test_an_admin_file_that_does_not_exist_answers_404(world, contracts, login):
    response = login(world.staff).get(reverse(CONTRACT_DOCUMENT_DOWNLOAD_URL_NAME, args=[987654]))

    assert response.status_code == 404
