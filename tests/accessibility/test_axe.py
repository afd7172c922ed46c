"""axe-core on every page type of the demo site, forms shown with their errors included: no
serious or critical violation. Each page is also saved as a screenshot at 390 and 1280 px, and
the table of the results is written for the accessibility statement
(``var/accessibility/``, or ``ACCESSIBILITY_REPORT_DIR``).

axe-core comes with ``axe-playwright-python`` (injected into the page by Playwright: the pages
themselves load nothing but the site's own files).
"""

import os
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from catalogue.services.demo import ADMIN_PASSWORD
from tests.browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING = ("serious", "critical")
REPORT_DIR = Path(
    os.environ.get("ACCESSIBILITY_REPORT_DIR", Path(settings.BASE_DIR) / "var" / "accessibility")
)
WIDTHS = (390, 1280)
# The one violation left, in the Wagtail admin's own rich-text editor (Draftail): its toolbar
# buttons and its editable area come from Wagtail. Listed in the accessibility statement.
KNOWN_ADMIN_RULES = set()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def check(axe, browser_page, demo_site):
    """``check(name, path=None, *, act=None)``: open the page (or act on the current one), run
    axe, save the screenshots; returns the serious and critical violations."""
    results = {}

    def _check(name, path=None, act=None, allowed_rules=()):
        page = browser_page
        if path is not None:
            response = page.goto(f"{demo_site}{path}")
            assert response.status < 500, (name, response.status)
        if act is not None:
            act(page)
        page.wait_for_load_state("networkidle")
        report = axe.run(page, options={"resultTypes": ["violations"]}).response
        blocking = [
            violation
            for violation in report["violations"]
            if violation["impact"] in BLOCKING and violation["id"] not in allowed_rules
        ]
        impacts = Counter(violation["impact"] for violation in report["violations"])
        results[name] = (impacts, [violation["id"] for violation in report["violations"]])
        slug = slugify(name)
        shots = REPORT_DIR / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=shots / f"{slug}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        return [
            f"{name}: {violation['id']} ({violation['impact']}) × {len(violation['nodes'])}: "
            f"{violation['nodes'][0]['target']}"
            for violation in blocking
        ]

    _check.results = results
    yield _check
    write_report(results)


def write_report(results):
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    path = REPORT_DIR / "axe.md"
    rows = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines()[2:]:
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if len(cells) == 6:
                rows[cells[0]] = cells
    for name, (impacts, rules) in results.items():
        rows[name] = [
            name,
            str(impacts.get("critical", 0)),
            str(impacts.get("serious", 0)),
            str(impacts.get("moderate", 0)),
            str(impacts.get("minor", 0)),
            ", ".join(sorted(set(rules))) or "—",
        ]
    lines = [
        "| Type de page | critiques | graves | modérées | mineures | règles |",
        "|---|---:|---:|---:|---:|---|",
        *("| " + " | ".join(cells) + " |" for _, cells in sorted(rows.items())),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def first_href(page, selector):
    return page.locator(selector).first.get_attribute("href")


def test_public_pages(check, browser_page, demo_site):
    page = browser_page
    failures = []
    for name, path in [
        ("Accueil", "/"),
        ("Catalogue des offres", "/offres/"),
        ("Catalogue filtré", "/offres/?statut=disponible"),
        ("Catalogue, recherche", "/offres/?q=titres"),
        ("Catalogue, aucun résultat", "/offres/?q=zzzzqqq"),
        ("Aide", "/aide/"),
        ("Page 404", "/cette-page-n-existe-pas/"),
        ("Connexion", "/compte/connexion/"),
        ("Inscription", "/compte/inscription/"),
        ("Mot de passe oublié", "/compte/mot-de-passe/oublie/"),
        ("Nouveau lien de confirmation", "/compte/confirmation/nouveau-lien/"),
        ("Politique de confidentialité", "/compte/confidentialite/"),
        ("Déclaration d'accessibilité", "/accessibilite/"),
        ("Mentions légales", "/mentions-legales/"),
    ]:
        failures += check(name, path)

    page.goto(f"{demo_site}/offres/")
    offer = first_href(page, ".offer-card a[href^='/offres/']")
    failures += check("Page d'une offre", offer)
    sector = first_href(page, ".breadcrumbs a[href^='/offres/'] >> nth=-1")
    if sector and sector != "/offres/":
        failures += check("Filière", sector)
    page.goto(f"{demo_site}/aide/")
    for name, selector in [
        ("Page d'aide", "main a[href^='/aide/']:not([href='/aide/contacts/'])"),
    ]:
        href = first_href(page, selector)
        failures += check(name, href)
    failures += check("Contacts", "/aide/contacts/")
    failures += check("Webconférences", "/aide/webconferences/")
    page.goto(f"{demo_site}/aide/webconferences/")
    webconference = first_href(page, "main a[href^='/aide/webconferences/']")
    if webconference:
        failures += check("Une webconférence", webconference)
    assert failures == []


def test_forms_with_their_errors(check, browser_page, demo_site):
    failures = []

    def submit_empty_login(page):
        page.locator("#id_username").fill("personne@exemple.fr")
        page.locator("#id_password").fill("faux mot de passe")
        page.get_by_role("button", name="Se connecter").last.click()

    failures += check("Connexion, erreur", "/compte/connexion/", act=submit_empty_login)

    def submit_empty_registration(page):
        page.get_by_role("button", name="S'inscrire").last.click()

    failures += check("Inscription, erreurs", "/compte/inscription/", act=submit_empty_registration)

    def search_entity(page):
        page.get_by_role("combobox", name="Entité juridique de rattachement").fill("ch")
        page.get_by_role("listbox").wait_for()

    failures += check("Inscription, liste des entités", "/compte/inscription/", act=search_entity)
    assert failures == []


def test_buyer_pages(check, browser_page, demo_site):
    page = browser_page
    log_in(page, demo_site, "admin.chtest@demo.example")
    failures = []
    for name, path in [
        ("Mon espace, tableau de bord", "/mon-espace/"),
        ("Mes informations", "/mon-espace/mes-informations/"),
        ("Marchés en cours", "/mon-espace/marches/"),
        ("Dépôt des conventions", "/mon-espace/depot-des-conventions/"),
        ("Échanges en cours", "/mon-espace/echanges/"),
        ("Nouvel échange", "/mon-espace/echanges/nouveau/"),
        ("Mes notifications", "/mon-espace/notifications/"),
        ("Préférences de notification", "/mon-espace/notifications/preferences/"),
        ("Autres documents", "/mon-espace/autres-documents/"),
        ("Fichiers de données", "/mon-espace/fichiers-de-donnees/"),
        ("Changer de mot de passe", "/compte/mot-de-passe/modifier/"),
    ]:
        failures += check(name, path)

    page.goto(f"{demo_site}/offres/")
    offer = first_href(page, ".offer-card a[href^='/offres/']")
    failures += check("Page d'une offre, acheteur connecté", offer)
    page.goto(f"{demo_site}/mon-espace/marches/")
    contract = first_href(page, "main a[href^='/mon-espace/marches/']")
    if contract:
        failures += check("Un marché", contract)
    page.goto(f"{demo_site}/mon-espace/echanges/")
    exchange = first_href(page, "main a[href^='/mon-espace/echanges/']:not([href$='nouveau/'])")
    if exchange:
        failures += check("Un échange", exchange)
    page.goto(f"{demo_site}/mon-espace/depot-des-conventions/")
    offer_id = page.locator("#id_offre option[value]:not([value=''])").first.get_attribute("value")
    deposit = f"/mon-espace/depot-des-conventions/{offer_id}/"
    if offer_id:
        failures += check("Formulaire de dépôt", deposit)

        def submit_empty(page):
            page.locator("main form button[type=submit]").last.click()

        failures += check("Formulaire de dépôt, erreurs", deposit, act=submit_empty)

    def submit_empty_exchange(page):
        page.locator("main form button[type=submit]").last.click()

    failures += check(
        "Nouvel échange, erreurs", "/mon-espace/echanges/nouveau/", act=submit_empty_exchange
    )

    page.goto(f"{demo_site}/mon-espace/")
    establishment = first_href(page, "a[href*='/mon-espace/etablissements/']")
    if establishment:
        failures += check("Mon établissement", establishment)
        users = re.sub(r"/$", "/utilisateurs/", establishment.split("utilisateurs")[0])
        failures += check("Utilisateurs de l'établissement", users)
        page.goto(f"{demo_site}{users}")
        rights = first_href(page, "a[href^='/mon-espace/utilisateurs/']")
        if rights:
            failures += check("Droits d'un utilisateur", rights)
        failures += check("Créer un utilisateur", users + "nouveau/")
    assert failures == []


def test_staff_admin(check, browser_page, demo_site):
    page = browser_page
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    page.goto(f"{demo_site}/admin/login/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(ADMIN_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/admin/")
    failures = check("Administration, tableau de bord", "/admin/")
    page.goto(f"{demo_site}/admin/pages/")
    failures += check("Administration, pages", "/admin/pages/")
    from catalogue.models import OfferPage

    offer = OfferPage.objects.live().first()
    failures += check(
        "Administration, éditeur d'offre",
        f"/admin/pages/{offer.pk}/edit/",
        allowed_rules=KNOWN_ADMIN_RULES,
    )
    assert failures == []
