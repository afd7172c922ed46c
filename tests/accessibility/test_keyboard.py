"""With the keyboard alone, on the demo site: an administrator grants a right to a user, and a
buyer deposits a convention. Nothing is clicked: the focus moves with Tab, boxes are ticked with
the space bar and forms sent with Entrée (the file of the deposit is given to the focused file
field, as a file dialog would)."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Site

from buyer_space.accounts.models import FamilyRight
from catalogue.services.demo import ADMIN_PASSWORD
from membership.deposits.models import ConventionDeposit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def demo_site(live_server):
    call_command("seed_demo", offers=6, stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", int(live_server.url.rsplit(":", 1)[1])
    site.save()
    return live_server.url.replace("127.0.0.1", "localhost")


def tab_to(page, selector, limit=150):
    """Press Tab until the focused element matches ``selector``; fails if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"Tab never reaches {selector}")


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.type(text)


def log_in(page, site, email):
    page.goto(f"{site}/compte/connexion/")
    type_into(page, "#id_username", email)
    type_into(page, "#id_password", ADMIN_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_grant_a_right_with_the_keyboard(browser_page, demo_site):
    page = browser_page
    user = get_user_model().objects.get(email="utilisateur.chtest@demo.example")
    affiliation = user.affiliations.get()
    right = (
        FamilyRight.objects.filter(affiliation=affiliation, can_view_market_documents=False)
        .select_related("family")
        .first()
    )
    family = right.family if right else None
    if family is None:
        from catalogue.models import PurchaseFamily

        granted = FamilyRight.objects.filter(
            affiliation=affiliation, can_view_market_documents=True
        ).values_list("family_id", flat=True)
        family = PurchaseFamily.objects.exclude(pk__in=granted).first()

    log_in(page, demo_site, "admin.chtest@demo.example")
    page.goto(f"{demo_site}/mon-espace/utilisateurs/{user.pk}/")
    tab_to(page, f"#documents-{family.pk}")
    page.keyboard.press("Space")
    assert page.locator(f"#documents-{family.pk}").is_checked()
    tab_to(page, "form[data-rights-form] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Les droits sont enregistrés." in page.locator("main").inner_text()

    assert FamilyRight.objects.get(affiliation=affiliation, family=family).can_view_market_documents


def test_deposit_a_convention_with_the_keyboard(browser_page, demo_site, tmp_path):
    page = browser_page
    archive = tmp_path / "convention.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("convention-signee.pdf", PDF)
    log_in(page, demo_site, "admin.chtest@demo.example")
    page.goto(f"{demo_site}/mon-espace/depot-des-conventions/")
    tab_to(page, "#id_offre")
    page.keyboard.press("ArrowDown")  # the first offer open to a deposit
    assert page.locator("#id_offre").input_value()
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    before = ConventionDeposit.objects.count()

    for selector, text in [
        ("#id_company_name", "Centre hospitalier de Test"),
        ("#id_contract_number", "2023-R087-000-000-0000000"),
    ]:
        tab_to(page, selector)
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
    tab_to(page, "#id_archive")
    page.locator("#id_archive").set_input_files(str(archive))
    for selector, text in [
        ("#id_email", "depot@ch-test.example"),
        ("#id_phone", "01 23 14 15 16"),
        ("#id_order_reference", "EJ-2024/0042"),
        ("#id_chorus_service_code", "SERVICE-ACHATS"),
    ]:
        tab_to(page, selector)
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert ConventionDeposit.objects.count() == before + 1, page.locator("main").inner_text()
    deposit = ConventionDeposit.objects.latest("pk")
    assert deposit.order_reference == "EJ-2024/0042"
