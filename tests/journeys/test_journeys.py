"""DESIGN.md's journeys end to end in Chromium, on the demo site, driven by what a person reads
(roles, labels, button names); the e-mails are read where the test settings deliver them
(``django.core.mail.outbox``) and their links followed.

1-2. A buyer registers with his establishment, confirms his address from the e-mail, his
     establishment's administrator accepts him from the link of hers, and he reaches Mon espace.
3.   An administrator selects every family's documents for a user, saves, then deletes him.
4.   A user's dashboard: its sections, its counters, his information edited; the administrator's
     blocks shown to the administrator only.
5.   Intermédiaire: the CSAC downloaded, the convention deposited, validated, the contract in
     *Marchés en cours*. Grossiste: the holder's contacts and CGE, *Demander un devis*, the
     centre's answer followed from its e-mail.
6.   A buyer follows an offer with the bell; an editor moves its end date and publishes it; the
     buyer gets one e-mail and one notification.
7.   The built reports downloaded by an establishment's and a GHT's administrators, refused to a
     user.

The centre's side in the Wagtail admin is in ``test_editor_journeys.py``.
"""

import datetime
import io
import pathlib
import re
import zipfile

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from buyer_space.accounts.models import FamilyRight
from buyer_space.exchanges import services as exchanges
from buyer_space.exchanges.choices import ExchangeKind
from buyer_space.exchanges.models import Exchange
from catalogue.choices import AccessMode
from catalogue.models import OfferPage
from membership.deposits.choices import DepositStatus
from membership.deposits.models import ConventionDeposit
from membership.deposits.services import deposits
from membership.deposits.services.deposits import depositable_offers
from tests.browser import log_in
from tests.membership.deposits.deposit_helpers import PDF

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSPHRASE = "Une phrase de passe pour le parcours 2026"


def link_in(message, path):
    match = re.search(rf"https?://[^\s]+{re.escape(path)}[^\s]*", message.body)
    assert match, message.body
    return match.group(0)


def to_site(url, site):
    """An e-mail's absolute link, on the live server."""
    return re.sub(r"^https?://[^/]+", site, url)


def log_out(page):
    page.context.clear_cookies()


def test_register_confirm_and_be_validated_by_the_administrator(browser_page, demo_site):
    page = browser_page
    page.goto(f"{demo_site}/")
    page.get_by_role("link", name="Créer un compte").first.click()
    page.get_by_label("Civilité").select_option("Mme")
    page.get_by_label("Prénom").fill("Jeanne")
    page.locator("#id_last_name").fill("Parcours")
    page.get_by_label("Email").fill("jeanne.parcours@ch-test.example")
    page.get_by_label("Téléphone").fill("01 23 45 67 89")
    entity = page.get_by_role("combobox", name="Entité juridique de rattachement")
    entity.fill("CH DE TEST")
    page.get_by_role("listbox").get_by_role("option", name=re.compile("^CH DE TEST")).first.click()
    page.get_by_label("Service").fill("Pharmacie")
    page.get_by_label("Intitulé exact de votre poste").fill("Pharmacienne acheteuse")
    page.get_by_label("Fonction").select_option("pharmacien")
    page.locator("#id_password1").fill(PASSPHRASE)
    page.get_by_label("Confirmation du mot de passe").fill(PASSPHRASE)
    page.get_by_label("J'ai lu et j'accepte").check()
    mail.outbox.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="S'inscrire").last.click()
    assert "/verifiez-vos-e-mails/" in page.url

    # The confirmation e-mail, its link followed.
    [confirmation] = [m for m in mail.outbox if m.to == ["jeanne.parcours@ch-test.example"]]
    page.goto(to_site(link_in(confirmation, "/compte/confirmation/"), demo_site))
    with page.expect_navigation():
        page.get_by_role("button", name="Confirmer mon adresse e-mail").click()

    # The administrator's e-mail: the request, its signed link.
    requests = [m for m in mail.outbox if m.to == ["admin.chtest@demo.example"]]
    assert requests, [m.subject for m in mail.outbox]
    link = to_site(link_in(requests[-1], "/mon-espace/demandes/"), demo_site)
    log_out(page)
    log_in(page, demo_site, "admin.chtest@demo.example")
    page.goto(link)
    assert (
        "Demande de rattachement de Jeanne Parcours"
        in page.get_by_role("heading", level=1).inner_text()
    )
    page.get_by_label("Rôle accordé").select_option("utilisateur")
    with page.expect_navigation():
        page.get_by_role("button", name="Accepter").click()

    # Jeanne logs in: her space is open.
    log_out(page)
    log_in(page, demo_site, "jeanne.parcours@ch-test.example", PASSPHRASE)
    page.goto(f"{demo_site}/mon-espace/")
    menu = page.get_by_role("navigation", name="Mon espace")
    expect(menu.get_by_role("link", name="Marchés en cours")).to_be_visible()
    user = get_user_model().objects.get(email="jeanne.parcours@ch-test.example")
    assert user.affiliations.get().is_active


def test_follow_an_offer_and_hear_of_its_new_end_date(browser_page, demo_site):
    page = browser_page
    log_in(page, demo_site, "utilisateur.chtest@demo.example")
    offer = OfferPage.objects.live().filter(end_date__gt=datetime.date.today()).first()
    page.goto(f"{demo_site}{offer.url}")
    bell = page.get_by_role("button", name="Activer les notifications de cette offre")
    bell.click()
    page.get_by_role("button", name="Désactiver les notifications").wait_for()

    # The editor moves the end date and publishes (as the admin's Publier does).
    mail.outbox.clear()
    offer.end_date = offer.end_date + datetime.timedelta(days=90)
    offer.save_revision().publish()

    messages = [m for m in mail.outbox if m.to == ["utilisateur.chtest@demo.example"]]
    assert len(messages) == 1, [m.subject for m in mail.outbox]
    assert offer.end_date.strftime("%d/%m/%Y") in messages[0].body
    page.goto(f"{demo_site}/mon-espace/notifications/")
    notifications = page.get_by_role("main")
    assert offer.title in notifications.inner_text()
    assert offer.end_date.strftime("%d/%m/%Y") in notifications.inner_text()


def test_an_administrator_grants_family_rights_then_deletes_the_user(browser_page, demo_site):
    """3. From Mon espace to the user's rights: *Tout sélectionner* on the documents' column,
    saved; then *Supprimer l'utilisateur*, confirmed."""
    page = browser_page
    user = get_user_model().objects.get(email="utilisateur.chtest@demo.example")
    affiliation = user.affiliations.get()
    log_in(page, demo_site, "admin.chtest@demo.example")
    page.goto(f"{demo_site}/mon-espace/")
    page.get_by_role("link", name="Voir les utilisateurs").click()
    page.get_by_role("link", name=re.compile(user.last_name)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gestion des droits de")

    select_all = page.get_by_label("Tout sélectionner : consulter les documents de marché")
    select_all.check()
    family_boxes = page.locator("input[id^=documents-]:not([id=documents_all])")
    assert family_boxes.count() > 1
    for index in range(family_boxes.count()):
        expect(family_boxes.nth(index)).to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("main")).to_contain_text("Les droits sont enregistrés.")
    rights = FamilyRight.objects.filter(affiliation=affiliation)
    assert rights.count() == family_boxes.count()
    assert all(right.can_view_market_documents for right in rights)

    page.get_by_role("link", name="Supprimer l'utilisateur").click()
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Supprimer l'utilisateur").click()
    expect(page.get_by_role("main")).to_contain_text(f"Le compte de {user.get_full_name()}")
    assert not type(affiliation).objects.filter(pk=affiliation.pk).exists()
    assert not get_user_model().objects.filter(email="utilisateur.chtest@demo.example").exists()


def test_the_dashboard_shows_a_user_his_space_and_keeps_the_admin_blocks_away(
    browser_page, demo_site
):
    """4. Welcome, counters, rights, administrators, establishment; personal information edited;
    *Voir les utilisateurs* for the administrator only."""
    page = browser_page
    log_in(page, demo_site, "utilisateur.chtest@demo.example")
    page.goto(f"{demo_site}/mon-espace/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bienvenue dans votre espace personnel"
    )
    for heading in (
        "Mes informations personnelles",
        "Mes droits d'accès par familles d'achat",
        "Les administrateurs de votre structure",
        "Les informations de mon établissement",
    ):
        expect(main.get_by_role("heading", name=heading)).to_be_visible()
    counters = main.get_by_role("region", name="Mes rubriques")
    for counter in ("Marchés en cours", "Échanges en cours"):
        expect(counters.get_by_role("link", name=re.compile(counter))).to_be_visible()
    for admin_only in ("Autres documents", "Fichiers de données"):
        expect(main.get_by_role("link", name=re.compile(admin_only))).to_have_count(0)
    expect(main.get_by_role("link", name="Voir les utilisateurs")).to_have_count(0)

    page.get_by_role("link", name="Modifier mes informations personnelles").click()
    page.get_by_label("Téléphone").fill("01 98 76 54 32")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Vos informations personnelles sont enregistrées."
    )
    expect(page.get_by_role("main")).to_contain_text("01 98 76 54 32")
    user = get_user_model().objects.get(email="utilisateur.chtest@demo.example")
    assert user.buyer_profile.phone.replace(" ", "") == "0198765432"

    log_out(page)
    log_in(page, demo_site, "admin.chtest@demo.example")
    page.goto(f"{demo_site}/mon-espace/")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Voir les utilisateurs")).to_be_visible()
    counters = main.get_by_role("region", name="Mes rubriques")
    for counter in ("Autres documents", "Fichiers de données"):
        expect(counters.get_by_role("link", name=re.compile(counter))).to_be_visible()


def test_an_intermediary_buyer_deposits_his_convention_and_finds_the_contract(
    browser_page, demo_site, tmp_path
):
    """5 (intermédiaire). The offer's CSAC downloaded, the signed convention deposited from the
    offer's button, validated by the centre, the contract then listed in *Marchés en cours*."""
    page = browser_page
    user = get_user_model().objects.get(email="admin.chtest@demo.example")
    offer = depositable_offers(user).first()
    archive = tmp_path / "convention.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("convention-signee.pdf", PDF)
        bundle.writestr("annexes/bon-de-commande.pdf", PDF)

    log_in(page, demo_site, "admin.chtest@demo.example")
    page.goto(f"{demo_site}{offer.url}")
    page.get_by_role("link", name="Déposer ma convention").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(offer.title)
    csac = page.get_by_role("link", name=re.compile("^Télécharger")).first
    with page.expect_download() as download:
        csac.click()
    assert pathlib.Path(download.value.path()).stat().st_size > 0

    page.get_by_label("Raison sociale de votre établissement").fill("Centre hospitalier de Test")
    page.get_by_label("Numéro de marché").fill("2023-R087-JOURNEE-5")
    page.get_by_label(re.compile("^Convention signée")).set_input_files(str(archive))
    page.get_by_label("Email").fill("depot@ch-test.example")
    page.get_by_label("Numéro de téléphone").fill("01 23 14 15 16")
    page.get_by_label(re.compile("^Votre référence de commande")).fill("EJ-2026/0005")
    page.get_by_label("Code service Chorus").fill("SERVICE-ACHATS")
    mail.outbox.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="Valider").click()
    expect(page.get_by_role("main")).to_contain_text("a bien été déposée")
    deposit = ConventionDeposit.objects.get(contract_number="2023-R087-JOURNEE-5")
    assert deposit.status == DepositStatus.RECEIVED

    # The centre validates it (its admin screen: tests/journeys/test_editor_journeys.py).
    superuser = get_user_model().objects.get(username="admin")
    mail.outbox.clear()
    deposits.validate(deposit.pk, staff=superuser)
    [validated] = [m for m in mail.outbox if "depot@ch-test.example" in m.to or user.email in m.to]
    page.goto(to_site(link_in(validated, "/mon-espace/marches/"), demo_site))
    expect(page.get_by_role("main")).to_contain_text(offer.title)

    page.get_by_role("navigation", name="Mon espace").get_by_role(
        "link", name="Marchés en cours"
    ).click()
    expect(page.get_by_role("main")).to_contain_text("2023-R087-JOURNEE-5")


def test_a_wholesale_buyer_requests_a_quote_and_follows_it_in_the_exchanges(
    browser_page, demo_site
):
    """5 (grossiste). The holder's contacts and CGE on the offer, *Demander un devis*, the
    request followed in *Échanges en cours* until the centre's answer."""
    page = browser_page
    offer = (
        OfferPage.objects.live()
        .filter(access_mode=AccessMode.WHOLESALE, end_date__gt=datetime.date.today())
        .first()
    )
    log_in(page, demo_site, "utilisateur.chtest@demo.example")
    page.goto(f"{demo_site}{offer.url}")
    main = page.get_by_role("main")
    expect(main).to_contain_text("CGE")
    holder = offer.holders.exclude(email="").first() if hasattr(offer, "holders") else None
    if holder is not None:
        expect(main).to_contain_text(holder.email)
    page.get_by_role("link", name="Demander un devis").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle demande à la centrale")
    expect(page.get_by_role("main")).to_contain_text(offer.title)
    page.get_by_label("Objet").fill("Devis pour 200 lits médicalisés")
    page.get_by_label("Message").fill("Bonjour, pourriez-vous nous établir un devis ?")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("main")).to_contain_text("Votre demande est envoyée à la centrale")
    exchange = Exchange.objects.get(subject="Devis pour 200 lits médicalisés")
    assert exchange.kind == ExchangeKind.QUOTE
    assert exchange.offer_id == offer.pk

    # The centre answers (its admin screen: tests/journeys/test_editor_journeys.py).
    mail.outbox.clear()
    exchanges.answer(
        exchange,
        staff=get_user_model().objects.get(username="admin"),
        body="Votre devis est en pièce jointe de notre prochain envoi.",
    )
    [answered] = [m for m in mail.outbox if m.to == ["utilisateur.chtest@demo.example"]]
    page.goto(to_site(link_in(answered, "/mon-espace/echanges/"), demo_site))
    expect(page.get_by_role("main")).to_contain_text("Votre devis est en pièce jointe")
    page.get_by_role("navigation", name="Mon espace").get_by_role(
        "link", name="Échanges en cours"
    ).click()
    expect(page.get_by_role("main")).to_contain_text("Devis pour 200 lits médicalisés")


def _downloaded_workbook(page, link):
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as content:
        return openpyxl.load_workbook(io.BytesIO(content.read()), read_only=True)


def test_reports_are_downloaded_by_administrators_and_refused_to_users(browser_page, demo_site):
    """7. The built reports in *Fichiers de données*: the establishment's administrator and the
    GHT support's administrator (the group's report too) download them; a user cannot."""
    page = browser_page
    log_in(page, demo_site, "admin.chtest@demo.example")
    page.goto(f"{demo_site}/mon-espace/")
    page.get_by_role("navigation", name="Mon espace").get_by_role(
        "link", name="Fichiers de données"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fichiers de données")
    own = page.get_by_role("link", name=re.compile("^Télécharger")).first
    workbook = _downloaded_workbook(page, own)
    header = next(workbook.worksheets[0].iter_rows(max_row=1, values_only=True))
    assert any(header), workbook.sheetnames
    own_url = own.get_attribute("href")

    log_out(page)
    log_in(page, demo_site, "admin.ght@demo.example")
    page.goto(f"{demo_site}/mon-espace/fichiers-de-donnees/")
    group_row = page.get_by_role("row", name=re.compile("tous les établissements du GHT")).first
    workbook = _downloaded_workbook(page, group_row.get_by_role("link"))
    assert workbook.sheetnames[0] == "Consolidé GHT"
    assert len(workbook.sheetnames) > 2  # then one sheet per member establishment
    assert page.goto(f"{demo_site}{own_url}").status == 404

    log_out(page)
    log_in(page, demo_site, "utilisateur.chtest@demo.example")
    page.goto(f"{demo_site}/mon-espace/")
    menu = page.get_by_role("navigation", name="Mon espace")
    expect(menu.get_by_role("link", name="Marchés en cours")).to_be_visible()
    expect(menu.get_by_role("link", name="Fichiers de données")).to_have_count(0)
    assert page.goto(f"{demo_site}/mon-espace/fichiers-de-donnees/").status == 404
    assert page.goto(f"{demo_site}{own_url}").status == 404
