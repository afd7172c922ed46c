"""Every profile against every protected view and action, from one table.

Expectations: ``200`` the page is shown; ``"done"`` the POST did its work and redirected;
``"login"`` redirected to the portal login; ``"admin_login"`` redirected to the admin login;
``404`` refused exactly like a missing object. A refused POST must leave the database as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from buyer_space.accounts.choices import AffiliationStatus
from buyer_space.accounts.models import Affiliation, FamilyRight
from buyer_space.accounts.services import validation
from tests.buyer_space.conftest import PROFILES
from tests.factories.buyer_space import FamilyRightFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Action:
    method: str
    url: Callable
    data: Callable = lambda w: {}
    done: Callable = lambda w: True  # the effect of an allowed POST


def _establishment(name):
    return lambda w: reverse(name, args=[w.establishment.pk])


def _user(name):
    return lambda w: reverse(name, args=[w.user.pk])


def _link(w):
    return reverse(
        "buyer_space:validation_link", args=[validation.make_token(w.affiliation(w.pending))]
    )


def _decide(w):
    return reverse(
        "buyer_space:decide_affiliation",
        args=[w.establishment.pk, w.affiliation(w.pending).pk],
    )


def _review(w):
    return reverse("accounts_affiliation_review", args=[w.orphan_pending.pk])


def _pending_accepted(w):
    return w.affiliation(w.pending).status == AffiliationStatus.ACTIVE


NEW_USER = {
    "civility": "M.",
    "first_name": "Noé",
    "last_name": "Nouveau",
    "email": "noe.nouveau@ch-test.example",
    "phone": "0123456789",
    "service": "Achats",
    "job_title": "Acheteur",
    "function": "acheteur",
    "role": "utilisateur",
}

ACTIONS = {
    "space": Action("get", lambda w: reverse("buyer_space:space")),
    "establishment": Action("get", _establishment("buyer_space:establishment_detail")),
    "users": Action("get", _establishment("buyer_space:establishment_users")),
    "create_form": Action("get", _establishment("buyer_space:create_user")),
    "create": Action(
        "post",
        _establishment("buyer_space:create_user"),
        lambda w: NEW_USER,
        lambda w: get_user_model().objects.filter(username=NEW_USER["email"]).exists(),
    ),
    "decide": Action(
        "post",
        _decide,
        lambda w: {"decision": "accepter", "role": "utilisateur"},
        _pending_accepted,
    ),
    "user_page": Action("get", _user("buyer_space:user_rights")),
    "save_rights": Action(
        "post",
        _user("buyer_space:user_rights"),
        lambda w: {f"role_{w.establishment.pk}": "utilisateur", "adhesion_all": "on"},
        lambda w: (
            FamilyRight.objects.filter(
                affiliation__user=w.user, has_admin_membership_rights=True
            ).count()
            == len(w.families)
        ),
    ),
    "delete_form": Action("get", _user("buyer_space:delete_user")),
    "delete": Action(
        "post",
        _user("buyer_space:delete_user"),
        done=lambda w: not get_user_model().objects.filter(pk=w.user.pk).exists(),
    ),
    "link": Action("get", _link),
    "link_decide": Action(
        "post", _link, lambda w: {"decision": "accepter", "role": "utilisateur"}, _pending_accepted
    ),
    "admin_pending": Action("get", lambda w: "/admin/accounts/affiliation/"),
    "admin_review": Action("get", _review),
    "admin_decide": Action(
        "post",
        _review,
        lambda w: {"decision": "accepter", "role": "administrateur"},
        lambda w: (
            Affiliation.objects.get(pk=w.orphan_pending.pk).status == AffiliationStatus.ACTIVE
        ),
    ),
    "admin_audit": Action("get", lambda w: "/admin/audit/auditlogentry/"),
}

L, AL = "login", "admin_login"
# fmt: off
TABLE = {
    #                anonymous pending user other_admin admin  ght_admin staff
    "space":         (L,   200, 200, 200, 200,    200, 200),
    "establishment": (L,   404, 200, 404, 200,    200, 404),
    "users":         (L,   404, 404, 404, 200,    404, 404),
    "create_form":   (L,   404, 404, 404, 200,    404, 404),
    "create":        (L,   404, 404, 404, "done", 404, 404),
    "decide":        (L,   404, 404, 404, "done", 404, 404),
    "user_page":     (L,   404, 404, 404, 200,    404, 404),
    "save_rights":   (L,   404, 404, 404, "done", 404, 404),
    "delete_form":   (L,   404, 404, 404, 200,    404, 404),
    "delete":        (L,   404, 404, 404, "done", 404, 404),
    "link":          (L,   404, 404, 404, 200,    404, 404),
    "link_decide":   (L,   404, 404, 404, "done", 404, 404),
    "admin_pending": (AL,  AL,  AL,  AL,  AL,     AL,  200),
    "admin_review":  (AL,  AL,  AL,  AL,  AL,     AL,  200),
    "admin_decide":  (AL,  AL,  AL,  AL,  AL,     AL,  "done"),
    "admin_audit":   (AL,  AL,  AL,  AL,  AL,     AL,  200),
}
# fmt: on

CASES = [
    pytest.param(profile, action, expected, id=f"{profile}-{action}")
    for action, row in TABLE.items()
    for profile, expected in zip(PROFILES, row, strict=True)
]


def test_the_table_covers_every_route_of_the_space():
    from buyer_space.urls import urlpatterns

    space_routes = {p.name for p in urlpatterns if str(p.pattern).startswith("mon-espace/")}
    covered = {
        "space",
        "establishment_detail",
        "establishment_users",
        "create_user",
        "decide_affiliation",
        "user_rights",
        "delete_user",
        "validation_link",
        # Marchés en cours: their own table in test_contracts_permissions.py
        "contracts",
        "contract_detail",
        "contract_document",
        # Dashboard, personal information, documents and data files: their own table in
        # test_documents_permissions.py
        "profile",
        "my_establishment",
        "other_documents",
        "other_document_download",
        "data_files",
        "data_file_download",
        # Échanges en cours: their own table in test_exchanges_permissions.py
        "exchanges",
        "exchange_create",
        "exchange_detail",
        "exchange_attachment",
        "exchanges_export",
        # Dépôt des conventions: their own table in test_deposit_permissions.py
        "deposits",
        "deposit_form",
        # Notifications and subscriptions: their own table in test_notifications_permissions.py
        "notifications",
        "notification_mark_read",
        "notifications_mark_all_read",
        "notification_preferences",
        "toggle_subscription",
        "update_subscription",
        # The digests' general choice: test_digests.py
        "update_general_frequency",
        # Asking one's administrators for a family right: test_right_requests.py
        "request_family_right",
        # Mes jetons d'API and the calendar of followed offers: tests/buyer_space/api/
        "api_tokens",
        "api_token_revoke",
        "calendar_renew",
        "followed_offers_calendar",
    }
    assert space_routes <= covered, space_routes - covered


def database_state():
    return (
        sorted(get_user_model().objects.values_list("pk", "is_staff", "is_superuser")),
        sorted(Affiliation.objects.values_list("pk", "role", "status", "token_nonce")),
        sorted(FamilyRight.objects.values_list("pk", "can_view_market_documents")),
    )


@pytest.mark.parametrize(("profile", "action_name", "expected"), CASES)
def test_permission_matrix(world, login, profile, action_name, expected):
    action = ACTIONS[action_name]
    client = login(world.account(profile))
    url = action.url(world)
    before = database_state()

    send = client.post if action.method == "post" else client.get
    response = send(url, action.data(world)) if action.method == "post" else send(url)

    if expected == "done":
        assert response.status_code == 302, response.content.decode()[:500]
        assert action.done(world)
        return
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("buyer_space:login") + "?next=")
    elif expected == "admin_login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    else:
        assert response.status_code == expected
    if action.method == "post":
        assert not action.done(world)
        assert database_state() == before


# --- predicates the dashboard issue uses: market documents and billing ----------------------

# fmt: off
PREDICATES = {
    #                                anonymous pending user  other_admin admin ght_admin staff
    "view_billing":                 (False, False, False, False, True,  True,  False),
    "view_establishment":           (False, False, True,  False, True,  True,  False),
    "manage_establishment":         (False, False, False, False, True,  False, False),
    "market_documents_granted":     (False, False, True,  True,  True,  True,  False),
    "market_documents_not_granted": (False, False, False, True,  True,  True,  False),
}
# fmt: on


@pytest.mark.parametrize(
    ("profile", "check", "expected"),
    [
        pytest.param(profile, check, expected, id=f"{profile}-{check}")
        for check, row in PREDICATES.items()
        for profile, expected in zip(PROFILES, row, strict=True)
    ],
)
def test_predicate_matrix(world, profile, check, expected):
    import rules
    from django.contrib.auth.models import AnonymousUser

    FamilyRightFactory(affiliation=world.affiliation(world.user), family=world.families[0])
    user = world.account(profile) or AnonymousUser()
    targets = {
        "view_billing": ("accounts.view_billing", world.establishment),
        "view_establishment": ("accounts.view_establishment", world.establishment),
        "manage_establishment": ("accounts.manage_establishment", world.establishment),
        "market_documents_granted": ("accounts.view_market_documents", world.families[0]),
        "market_documents_not_granted": ("accounts.view_market_documents", world.families[1]),
    }
    permission, obj = targets[check]
    assert rules.has_perm(permission, user, obj) is expected


def test_no_market_documents_when_the_establishment_is_not_a_member(world):
    import rules

    FamilyRightFactory(affiliation=world.affiliation(world.user), family=world.families[0])
    type(world.establishment).objects.filter(pk=world.establishment.pk).update(is_member=False)
    assert not rules.has_perm("accounts.view_market_documents", world.user, world.families[0])
