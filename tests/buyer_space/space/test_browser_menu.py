"""Mon espace's side menu in a real browser: folded under its title on a phone, unfolded on a
wide screen."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_on_a_phone_the_menu_folds_and_opens_on_demand(
    browser_page, browser_login, live_site, world
):
    page = browser_login(browser_page, world.admin, live_site)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_site}/mon-espace/")

    menu = page.get_by_role("navigation", name="Mon espace")
    contracts = menu.get_by_role("link", name="Marchés en cours")
    expect(contracts).to_be_hidden()
    assert "Mon tableau de bord" in menu.locator("summary").inner_text()

    menu.locator("summary").focus()
    page.keyboard.press("Enter")

    expect(contracts).to_be_visible()


def test_on_a_wide_screen_the_menu_stays_open(browser_page, browser_login, live_site, world):
    page = browser_login(browser_page, world.admin, live_site)
    page.goto(f"{live_site}/mon-espace/")

    menu = page.get_by_role("navigation", name="Mon espace")
    contracts = menu.get_by_role("link", name="Marchés en cours")
    expect(contracts).to_be_visible()
    menu.locator("summary").click()
    page.keyboard.press("Enter")
    assert menu.locator("details").evaluate("details => details.open")
    expect(contracts).to_be_visible()
