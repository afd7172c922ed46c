"""DESIGN.md's journeys end to end in Chromium, on the demo site, driven by what a person reads
(roles, labels, button names); the e-mails are read where the test settings deliver them
(``django.core.mail.outbox``) and their links followed.

1-2. A buyer registers with his establishment, confirms his address from the e-mail, his
     establishment's administrator accepts him from the link of hers, and he reaches Mon espace.
6.   A buyer follows an offer with the bell; an editor moves its end date and publishes it; the
     buyer gets one e-mail and one notification.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from catalogue.models import OfferPage
from tests.browser import log_in

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
