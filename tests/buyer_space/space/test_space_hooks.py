"""The extension points of *Mon espace* (``buyer_space.space.hooks``): the side menu and the
dashboard's counters are what the apps register, sorted, filtered by their own permission;
the space alone draws only its own entries."""

import pytest
from django.urls import reverse
from wagtail import hooks

from buyer_space.space.hooks import (
    SPACE_DASHBOARD_BLOCKS_HOOK,
    SPACE_MENU_ITEMS_HOOK,
    DashboardBlock,
    SpaceMenuItem,
)

pytestmark = pytest.mark.django_db

URL = "/mon-espace/"


def _nav(html):
    return html.split('<nav class="space-nav"')[1].split("</nav>")[0]


def _menu_labels(html):
    nav = _nav(html)
    return [
        part.split(">", 1)[1].split("<", 1)[0].strip()
        for part in nav.split('<a class="space-nav__link')[1:]
    ]


def test_the_menu_keeps_its_entries_and_order(world, login):
    html = login(world.admin).get(URL).content.decode()
    assert _menu_labels(html) == [
        "Mon tableau de bord",
        "Mes informations",
        "Mon établissement",
        "Marchés en cours",
        "Échanges en cours",
        "Mes notifications",
        "Dépôt des conventions",
        "Autres documents",
        "Fichiers de données",
        "Mes jetons d&#x27;API",  # as the HTML escapes it
    ]
    nav = _nav(html)
    assert f'is-active" href="{reverse("buyer_space:space")}" aria-current="page">' in nav
    assert nav.count("aria-current") == 1


def test_a_pending_account_sees_only_its_dashboard_and_information(world, login):
    assert _menu_labels(login(world.pending).get(URL).content.decode()) == [
        "Mon tableau de bord",
        "Mes informations",
    ]


def test_a_registered_hook_adds_a_menu_entry_and_a_dashboard_block(world, login):
    def menu(request):
        return [
            SpaceMenuItem(key="extra", label="Mon extension", url="/extension/", order=35, count=7),
            SpaceMenuItem(key="refused", label="Refusée", url="/refusee/", allowed=False),
        ]

    def blocks(request):
        return [
            DashboardBlock(
                key="extra", title="Mes extensions", value=42, url="/extension/", order=15
            )
        ]

    with hooks.register_temporarily(
        [(SPACE_MENU_ITEMS_HOOK, menu), (SPACE_DASHBOARD_BLOCKS_HOOK, blocks)]
    ):
        response = login(world.user).get(URL)
    html = response.content.decode()
    labels = _menu_labels(html)
    assert labels.index("Mon extension") == labels.index("Mon établissement") + 1
    assert '<span class="space-nav__count">7</span>' in _nav(html)
    assert "Refusée" not in html
    assert [block.key for block in response.context["counters"]] == [
        "contracts",
        "extra",
        "exchanges",
    ]
    assert (
        '<a class="dashboard-counter__link" href="/extension/">'
        '<span class="dashboard-counter__count">42</span> '
        '<span class="dashboard-counter__label">Mes extensions</span></a>'
    ) in html


def test_a_block_may_bring_its_own_template(world, login, settings, tmp_path):
    (tmp_path / "extra_block.html").write_text(
        '<li class="mon-bloc">{{ block.title }} : {{ block.value }}</li>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0].get("DIRS", []), tmp_path]}
    ]

    def blocks(request):
        return [
            DashboardBlock(key="x", title="Bloc", value=3, url="/x/", template="extra_block.html")
        ]

    with hooks.register_temporarily(SPACE_DASHBOARD_BLOCKS_HOOK, blocks):
        html = login(world.user).get(URL).content.decode()
    assert '<li class="mon-bloc">Bloc : 3</li>' in html


def test_the_space_alone_draws_only_its_own_entries(world, login, monkeypatch):
    """Without the other apps' registrations, the menu and the counters are the space's own."""
    hooks.search_for_hooks()
    for name in (SPACE_MENU_ITEMS_HOOK, SPACE_DASHBOARD_BLOCKS_HOOK):
        own = [
            (fn, order)
            for fn, order in hooks._hooks[name]
            if fn.__module__.startswith("buyer_space.space.")
        ]
        monkeypatch.setitem(hooks._hooks, name, own)
    response = login(world.admin).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert _menu_labels(html) == [
        "Mon tableau de bord",
        "Mes informations",
        "Autres documents",
        "Fichiers de données",
    ]
    assert [block.key for block in response.context["counters"]] == [
        "other_documents",
        "data_files",
    ]
    for other in ("membership:contracts", "buyer_space:exchanges", "buyer_space:notifications"):
        assert f'href="{reverse(other)}' not in html


def test_the_hooks_run_once_per_request(world, login):
    calls = []

    def menu(request):
        calls.append("menu")
        return []

    def blocks(request):
        calls.append("blocks")
        return []

    with hooks.register_temporarily(
        [(SPACE_MENU_ITEMS_HOOK, menu), (SPACE_DASHBOARD_BLOCKS_HOOK, blocks)]
    ):
        login(world.admin).get(URL)
    assert sorted(calls) == ["blocks", "menu"]
