"""Every profile against every view, action and file of the exchanges, from one table.

Profiles: those of ``conftest.World`` and ``answerer`` (centre staff holding
``exchanges.change_exchange``; ``staff`` has the admin but not that permission).
Threads: ``user_thread`` (CH DE TEST, started by the user), ``admin_thread`` (CH DE TEST, by its
admin), ``other_thread`` (CH VOISIN), ``support_thread`` (the GHT's support establishment); each
with a PDF attachment.

Expectations: ``200`` shown (a file: its bytes); ``"done"`` the POST did its work and redirected;
``"login"`` / ``"admin_login"`` redirected to the portal's / the admin's login; ``"refused"``
sent back to the admin's dashboard (Wagtail's answer to a staff member without the permission);
``403`` the buyer pages' *réservé aux comptes actifs*; ``404`` like a missing object.
A refused POST leaves the threads as they were.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from buyer_space.exchanges.choices import ExchangeStatus
from buyer_space.exchanges.models import Exchange, ExchangeMessage
from tests.buyer_space.conftest import PROFILES
from tests.factories.buyer_space import (
    ExchangeAttachmentFactory,
    ExchangeFactory,
    ExchangeMessageFactory,
)

pytestmark = pytest.mark.django_db

ALL_PROFILES = (*PROFILES, "answerer")
THREADS = ("user_thread", "admin_thread", "other_thread", "support_thread")


@pytest.fixture
def threads(world):
    """The four threads, each with one message and one attachment, and the answerer."""
    answerer = _answerer(world)
    made = {}
    for name, establishment, author in (
        ("user_thread", world.establishment, world.user),
        ("admin_thread", world.establishment, world.admin),
        ("other_thread", world.other, world.other_admin),
        ("support_thread", world.support, world.ght_admin),
    ):
        exchange = ExchangeFactory(
            establishment=establishment, author=author, subject=f"Sujet {name}"
        )
        message = ExchangeMessageFactory(exchange=exchange, author=author)
        ExchangeAttachmentFactory(message=message, name=f"{name}.pdf")
        made[name] = exchange
    made["answerer"] = answerer
    return made


def _answerer(world):
    from tests.factories.buyer_space import UserFactory

    answerer = UserFactory(email="repondeur@centrale.example", is_staff=True)
    answerer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="exchanges", codename="change_exchange"),
    )
    return answerer


def account(world, threads, profile):
    return threads["answerer"] if profile == "answerer" else world.account(profile)


@dataclass(frozen=True)
class Action:
    method: str
    url: Callable  # fn(world, threads) -> str
    data: Callable = lambda w, t: {}
    done: Callable = lambda w, t: True


def _detail(name):
    return lambda w, t: reverse("buyer_space:exchange_detail", args=[t[name].pk])


def _file(name, exchange_of=None):
    """The buyer's download URL of ``name``'s attachment (under ``exchange_of``'s id: a guess)."""

    def url(w, t):
        attachment = t[name].messages.get().attachments.get()
        owner = t[exchange_of or name]
        return reverse("buyer_space:exchange_attachment", args=[owner.pk, attachment.pk])

    return url


def _media(name):
    """The storage's own URL of the file: no public media URL serves it."""
    return lambda w, t: t[name].messages.get().attachments.get().file.url


def _admin_file(name):
    def url(w, t):
        attachment = t[name].messages.get().attachments.get()
        return reverse("exchanges_exchange_attachment", args=[t[name].pk, attachment.pk])

    return url


def _admin_thread(name):
    return lambda w, t: reverse("exchanges_exchange_thread", args=[t[name].pk])


def _replied(name, text):
    return lambda w, t: ExchangeMessage.objects.filter(exchange=t[name], body=text).exists()


def _created(w, t):
    return Exchange.objects.filter(subject="Nouvelle demande").exists()


def _establishment_of(profile_establishment):
    return lambda w, t: {
        "kind": "question",
        "subject": "Nouvelle demande",
        "body": "Bonjour.",
        "establishment": getattr(w, profile_establishment).pk,
    }


ACTIONS = {
    "list": Action("get", lambda w, t: reverse("buyer_space:exchanges")),
    "export": Action("get", lambda w, t: reverse("buyer_space:exchanges_export")),
    "create_form": Action("get", lambda w, t: reverse("buyer_space:exchange_create")),
    "create_here": Action(
        "post",
        lambda w, t: reverse("buyer_space:exchange_create"),
        _establishment_of("establishment"),
        _created,
    ),
    "user_thread": Action("get", _detail("user_thread")),
    "admin_thread": Action("get", _detail("admin_thread")),
    "other_thread": Action("get", _detail("other_thread")),
    "support_thread": Action("get", _detail("support_thread")),
    "reply_user_thread": Action(
        "post",
        _detail("user_thread"),
        lambda w, t: {"body": "Une réponse."},
        _replied("user_thread", "Une réponse."),
    ),
    "reply_admin_thread": Action(
        "post",
        _detail("admin_thread"),
        lambda w, t: {"body": "Une réponse."},
        _replied("admin_thread", "Une réponse."),
    ),
    "file_user_thread": Action("get", _file("user_thread")),
    "file_admin_thread": Action("get", _file("admin_thread")),
    "file_other_thread": Action("get", _file("other_thread")),
    "file_support_thread": Action("get", _file("support_thread")),
    "file_guessed_pair": Action("get", _file("other_thread", exchange_of="user_thread")),
    "media_user_thread": Action("get", _media("user_thread")),
    "admin_list": Action("get", lambda w, t: "/admin/exchanges/exchange/"),
    "admin_thread_page": Action("get", _admin_thread("user_thread")),
    "admin_answer": Action(
        "post",
        _admin_thread("user_thread"),
        lambda w, t: {"action": "repondre", "body": "Réponse de la centrale."},
        _replied("user_thread", "Réponse de la centrale."),
    ),
    "admin_close": Action(
        "post",
        _admin_thread("other_thread"),
        lambda w, t: {"action": "statut", "status": "clos"},
        lambda w, t: Exchange.objects.get(pk=t["other_thread"].pk).status == ExchangeStatus.CLOSED,
    ),
    "admin_file_user_thread": Action("get", _admin_file("user_thread")),
    "admin_file_support_thread": Action("get", _admin_file("support_thread")),
}

L, AL, R, D = "login", "admin_login", "refused", "done"
# fmt: off
TABLE = {
    #                             anonymous pending user other_admin admin ght_admin staff answerer
    "list":                      (L,  403, 200, 200, 200, 200, 403, 403),
    "export":                    (L,  404, 200, 200, 200, 200, 404, 404),
    "create_form":               (L,  403, 200, 200, 200, 200, 403, 403),
    "create_here":               (L,  403, D,   400, D,   400, 403, 403),
    "user_thread":               (L,  403, 200, 404, 200, 404, 403, 403),
    "admin_thread":              (L,  403, 404, 404, 200, 404, 403, 403),
    "other_thread":              (L,  403, 404, 200, 404, 404, 403, 403),
    "support_thread":            (L,  403, 404, 404, 404, 200, 403, 403),
    "reply_user_thread":         (L,  403, D,   404, D,   404, 403, 403),
    "reply_admin_thread":        (L,  403, 404, 404, D,   404, 403, 403),
    "file_user_thread":          (L,  404, 200, 404, 200, 404, 404, 404),
    "file_admin_thread":         (L,  404, 404, 404, 200, 404, 404, 404),
    "file_other_thread":         (L,  404, 404, 200, 404, 404, 404, 404),
    "file_support_thread":       (L,  404, 404, 404, 404, 200, 404, 404),
    "file_guessed_pair":         (L,  404, 404, 404, 404, 404, 404, 404),
    "media_user_thread":         (404, 404, 404, 404, 404, 404, 404, 404),
    "admin_list":                (AL, AL,  AL,  AL,  AL,  AL,  R,   200),
    "admin_thread_page":         (AL, AL,  AL,  AL,  AL,  AL,  R,   200),
    "admin_answer":              (AL, AL,  AL,  AL,  AL,  AL,  R,   D),
    "admin_close":               (AL, AL,  AL,  AL,  AL,  AL,  R,   D),
    "admin_file_user_thread":    (AL, AL,  AL,  AL,  AL,  AL,  R,   200),
    "admin_file_support_thread": (AL, AL,  AL,  AL,  AL,  AL,  R,   200),
}
# fmt: on

CASES = [
    pytest.param(profile, action, expected, id=f"{profile}-{action}")
    for action, row in TABLE.items()
    for profile, expected in zip(ALL_PROFILES, row, strict=True)
]


def test_the_table_covers_every_exchange_route():
    from buyer_space.urls import urlpatterns

    routes = {p.name for p in urlpatterns if str(p.pattern).startswith("mon-espace/echanges")}
    assert routes == {
        "exchanges",
        "exchanges_export",
        "exchange_create",
        "exchange_detail",
        "exchange_attachment",
    }


def state():
    return (
        sorted(Exchange.objects.values_list("pk", "status", "assigned_to_id")),
        sorted(ExchangeMessage.objects.values_list("pk", "exchange_id")),
    )


@pytest.mark.parametrize(("profile", "action_name", "expected"), CASES)
def test_exchange_permission_matrix(world, threads, login, profile, action_name, expected):
    action = ACTIONS[action_name]
    client = login(account(world, threads, profile))
    url = action.url(world, threads)
    before = state()
    if action.method == "post":
        response = client.post(url, action.data(world, threads))
    else:
        response = client.get(url)

    if expected == "done":
        assert response.status_code == 302, response.content.decode()[:500]
        assert action.done(world, threads)
        return
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("buyer_space:login") + "?next=")
    elif expected == "refused":
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    elif expected == "admin_login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    else:
        assert response.status_code == expected
    if expected == 200 and action_name.startswith(("file_", "admin_file_")):
        name = action_name.removeprefix("admin_").removeprefix("file_")
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert "no-store" in response["Cache-Control"]
        assert f"{name}.pdf" in response["Content-Disposition"]
    if action.method == "post":
        assert state() == before
