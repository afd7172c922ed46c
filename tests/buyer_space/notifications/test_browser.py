"""The public pages and the bell in a real browser (headless Chromium through Playwright):
keyboard use, the filters, and the bell's script updating the page in place."""

import pytest
from django.conf import settings as django_settings

from buyer_space.notifications.models import Subscription
from tests.membership.deposits.deposit_helpers import make_offer

# A live server needs committed data: transactional tests, whose flush must give back the rows
# the migrations created (the tree root, the default locale) to the tests that follow.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def offers(page_tree, world):
    building, biomedical = world.families[1], world.families[0]
    return [
        make_offer(page_tree["catalogue"], building),
        make_offer(
            page_tree["catalogue"],
            biomedical,
            title="Échographes portables",
            reference="2024-B001-000-000-0000000",
        ),
    ]


def test_a_visitor_filters_the_catalogue_with_the_keyboard(browser_page, live_site, offers):
    page = browser_page
    page.goto(f"{live_site}/offres/")

    page.keyboard.press("Tab")  # the first stop is the skip link
    assert page.evaluate("document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"

    assert page.locator(".offer-card").count() == 2
    page.focus("#id_famille")
    page.select_option("#id_famille", "biomedical")
    page.focus("#id_statut")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Afficher les offres"
    page.keyboard.press("Enter")  # submits the filter form
    page.wait_for_url("**famille=biomedical**")

    assert page.locator(".offer-card__title").all_inner_texts() == ["Échographes portables"]
    assert "1 offre correspondant à vos critères" in page.inner_text("#resultats-titre")


def test_a_buyer_follows_an_offer_with_the_bell_without_leaving_the_page(
    browser_page, live_site, offers, world, client
):
    client.force_login(world.user)
    page = browser_page
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_site,
            }
        ]
    )
    offer = offers[0]
    page.goto(f"{live_site}{offer.url}")
    bell = page.locator(".offer-header__actions form[data-bell] button")
    assert bell.get_attribute("aria-pressed") == "false"

    bell.click()

    page.wait_for_selector('.offer-header__actions form[data-bell] button[aria-pressed="true"]')
    assert page.url == f"{live_site}{offer.url}"  # updated in place, no reload
    assert "Notifications activées" in page.inner_text("[data-bell-status]")
    assert Subscription.objects.filter(user=world.user, offer=offer).exists()


def test_the_bell_keeps_the_keyboard_focus_and_announces_its_state(
    browser_page, live_site, offers, world, client
):
    client.force_login(world.user)
    page = browser_page
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_site,
            }
        ]
    )
    page.goto(f"{live_site}{offers[0].url}")
    bell = page.locator(".offer-header__actions form[data-bell] button")
    bell.focus()

    page.keyboard.press("Enter")
    page.wait_for_selector('.offer-header__actions form[data-bell] button[aria-pressed="true"]')

    assert page.evaluate("document.activeElement.matches('form[data-bell] button')")
    status = page.locator(".offer-header__actions [data-bell-status]")
    assert status.get_attribute("aria-live") == "polite"
    assert "Notifications activées" in status.inner_text()

    page.keyboard.press("Enter")  # the focus is still there: a second press unfollows
    page.wait_for_selector('.offer-header__actions form[data-bell] button[aria-pressed="false"]')
    assert not Subscription.objects.filter(user=world.user, offer=offers[0]).exists()
