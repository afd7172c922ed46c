"""What the accounts app adds to every page: its home tile (register, or Mon espace) and the
plugins' style sheets."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_visitor_is_offered_to_create_an_account(client, world, home_page):
    html = client.get("/").content.decode()

    assert "Créer votre compte" in html
    assert f'<a class="tile" href="{reverse("buyer_space:register")}"' in html
    assert '<span class="tile__title">Mon espace</span>' not in html


def test_a_buyer_is_offered_his_space(client, world, home_page):
    client.force_login(world.user)

    html = client.get("/").content.decode()

    assert f'<a class="tile" href="{reverse("buyer_space:space")}"' in html
    assert "Créer votre compte" not in html


def test_every_page_links_the_plugins_stylesheets(client, world, home_page):
    html = client.get("/").content.decode()

    for sheet in (
        "accounts/accounts.css",
        "space/space.css",
        "exchanges/exchanges.css",
        "notifications/notifications.css",
        "contracts/contracts.css",
    ):
        assert f'<link rel="stylesheet" href="/static/{sheet}">' in html
