"""In a real browser (headless Chromium): the Content-Security-Policy blocks nothing the site
needs (no violation on the public pages, Mon espace and the admin), and no page asks any host
but the site's own (no gravatar, no release check, no CDN)."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from tests.factories.buyer_space import AffiliationFactory
from tests.factories.catalogue import PurchaseFamilyFactory
from tests.membership.deposits.deposit_helpers import make_offer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def offer(page_tree):
    return make_offer(page_tree["catalogue"], PurchaseFamilyFactory())


@pytest.fixture
def recorded(browser_page):
    """The browser page, recording every request's host and every CSP violation."""
    page = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    record = {"hosts": set(), "violations": [], "console": []}
    page.on("request", lambda request: record["hosts"].add(urlsplit(request.url).netloc))
    page.on(
        "console",
        lambda message: (
            record["console"].append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    def visit(url):
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        record["violations"] += page.evaluate("window.__cspViolations")
        return response

    return page, visit, record


def test_no_csp_violation_and_no_third_party_host(recorded, live_site, offer, browser_login):
    page, visit, record = recorded
    own_host = urlsplit(live_site).netloc

    for path in ("/", "/offres/", offer.url):
        response = visit(f"{live_site}{path}")
        policy = response.header_value("content-security-policy")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'self'" in policy

    buyer = AffiliationFactory().user
    browser_login(page, buyer, live_site)
    visit(f"{live_site}/mon-espace/")
    visit(f"{live_site}{offer.url}")

    staff = get_user_model().objects.create_superuser("agent", "agent@centrale.example", "x")
    browser_login(page, staff, live_site)
    response = visit(f"{live_site}/admin/")
    assert "frame-ancestors 'self'" in response.header_value("content-security-policy")
    visit(f"{live_site}/admin/pages/")
    visit(f"{live_site}/admin/snippets/catalogue/holder/")

    assert record["violations"] == [], record["violations"]
    assert record["console"] == [], record["console"]
    assert record["hosts"] == {own_host}, record["hosts"]
