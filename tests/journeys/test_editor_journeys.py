"""The centre's side in the Wagtail admin, end to end in Chromium on the demo site, driven by what
a person reads (roles, labels, button names); the e-mails are read where the test settings
deliver them (``django.core.mail.outbox``).

1. An editor creates an offer (identification, summary, a lot with its holder, a document),
   submits it to « Validation par un modérateur »; the superuser approves it from the admin and
   the offer is live on the public site. The same offer scheduled three days ahead is approved
   but not live, its revision waiting with its date; Wagtail's ``publish_scheduled`` publishes it
   once the date has come.
2. Centre staff open the convention deposits to process from the admin's « À traiter » panel,
   validate one: the deposit is validated, the establishment's contract is created and the
   depositor is e-mailed.
3. Centre staff open the exchange waiting for an answer, answer it: the message is saved, the
   exchange is answered and its author is e-mailed.
"""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from buyer_space.exchanges import services as exchanges
from buyer_space.exchanges.choices import ExchangeKind, ExchangeStatus
from catalogue.choices import AccessMode
from catalogue.models import CatalogueDocument, Holder, OfferPage, SectorPage
from catalogue.services.demo import ADMIN_PASSWORD, ADMIN_USERNAME
from membership.contracts.models import Contract
from membership.deposits.choices import DepositStatus
from membership.deposits.services import deposits as deposit_service
from membership.establishments.models import Establishment
from tests.membership.deposits.deposit_helpers import form_data, good_zip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MODERATION = "Validation par un modérateur"


def admin_log_in(page, site, username=ADMIN_USERNAME, password=ADMIN_PASSWORD):
    """Log in through the Wagtail admin's own form, and wait for its dashboard."""
    page.goto(f"{site}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="S'identifier").click()
    expect(page).to_have_url(f"{site}/admin/")


def log_out(page):
    page.context.clear_cookies()


def make_editor():
    """A member of « Rédacteurs », Wagtail's editors group (add and edit pages, submit them)."""
    editor = get_user_model().objects.create_user(
        username="redactrice",
        email="redactrice@centrale.example",
        password=ADMIN_PASSWORD,
        first_name="Rita",
        last_name="Rédactrice",
    )
    editor.groups.add(Group.objects.get(name="Rédacteurs"))
    return editor


def choose_in_modal(page, opener, search, name):
    """Open a Wagtail chooser, search it, click the item ``name``; wait for the modal to close."""
    opener.click()
    modal = page.get_by_role("dialog")
    expect(modal).to_be_visible()
    # The results are replaced when the search answers: click in the new ones, not the first.
    with page.expect_response(lambda response: "q=" in response.url, timeout=20_000):
        modal.get_by_role("textbox", name="Terme de recherche").fill(search)
    modal.get_by_role("link", name=name, exact=True).click()
    expect(modal).to_be_hidden(timeout=20_000)


def textbox(page, label):
    """The admin's text field labelled ``label`` (its label ends with the required mark)."""
    return page.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$"))


def fill_offer(page, title, reference, holder, document):
    page.locator("#id_title").fill(title)
    textbox(page, "Référence de l'offre").fill(reference)
    textbox(page, "Début de l'offre").fill("01/01/2026")
    textbox(page, "Fin de l'offre").fill("31/12/2099")
    page.keyboard.press("Escape")  # the date picker
    page.get_by_role("combobox", name=re.compile("^Mode d'accès")).select_option(
        AccessMode.WHOLESALE
    )
    textbox(page, "Résumé").fill("Fourniture de gants d'examen en nitrile, sans poudre.")

    page.get_by_role("button", name="Ajouter un(e) Lot").click()
    page.locator("#id_lots-0-number").fill("1")
    page.locator("#id_lots-0-title").fill("Gants d'examen")
    lot = page.locator("#inline_child_lots-0")
    choose_in_modal(page, lot.get_by_role("button", name="Choisir titulaire"), holder, holder)

    page.get_by_role("button", name="Ajouter un(e) Document").click()
    row = page.locator("#inline_child_documents-0")
    choose_in_modal(page, row.get_by_role("button", name="Choisir un document"), document, document)


def submit_new_offer(page, site, title, reference, go_live_at=None):
    """The editor fills a new offer (optionally scheduled) and submits it to moderation."""
    sector = SectorPage.objects.live().first()
    holder = Holder.objects.order_by("name").first()
    document = CatalogueDocument.objects.order_by("title").first()
    admin_log_in(page, site, "redactrice")
    page.goto(f"{site}/admin/pages/add/catalogue/offerpage/{sector.pk}/")
    fill_offer(page, title, reference, holder.name, document.title)
    if go_live_at is not None:
        # The draft first: the schedule is then set on the offer's edit page.
        with page.expect_navigation():
            page.get_by_role("button", name="Enregistrer le brouillon").click()
        expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
        page.get_by_role("button", name="Afficher/masquer le statut").click()
        page.get_by_role("button", name="Programmer").click()
        dialog = page.get_by_role("dialog")
        dialog.locator("#id_go_live_at").fill(go_live_at.strftime("%d/%m/%Y %H:%M"))
        # The date picker stays open over the dialog's button (Escape would close the dialog):
        # the button gets its click directly.
        dialog.get_by_role("button", name="Enregistrer la programmation").dispatch_event("click")
        expect(
            page.get_by_text(re.compile(rf"{re.escape(title)}.*(créée|mise à jour)")).first
        ).to_be_visible()
        expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page.get_by_role("button", name="Plus d'actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name=f"Soumettre à {MODERATION}").click()
    offer = OfferPage.objects.get(reference=reference)
    assert not offer.live
    assert offer.current_workflow_state.status == "in_progress"
    revision = offer.latest_revision.as_object()
    assert [(lot.number, lot.holder_id) for lot in revision.lots.all()] == [(1, holder.pk)]
    assert [link.document_id for link in revision.documents.all()] == [document.pk]
    return offer, holder


def approve(page, site, offer):
    """The moderator (the superuser) approves the submitted offer from its editor."""
    log_out(page)
    admin_log_in(page, site)
    page.goto(f"{site}/admin/pages/{offer.pk}/edit/")
    page.get_by_role("button", name="Plus d'actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Approuver et Publier", exact=True).click()
    offer.refresh_from_db()


def assert_public(page, site, offer, holder):
    log_out(page)
    response = page.goto(f"{site}{offer.url}")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(offer.title)
    expect(page.get_by_role("main")).to_contain_text(holder.name)


def test_an_editor_creates_an_offer_that_a_moderator_approves(browser_page, demo_site):
    page = browser_page
    make_editor()
    offer, holder = submit_new_offer(
        page, demo_site, "Gants d'examen nitrile", "2026-R001-000-000-0000001"
    )

    approve(page, demo_site, offer)
    assert offer.live
    assert offer.current_workflow_state is None
    assert [lot.holder_id for lot in offer.lots.all()] == [holder.pk]
    assert_public(page, demo_site, offer, holder)


def test_an_approved_scheduled_offer_goes_live_at_its_date(browser_page, demo_site):
    page = browser_page
    make_editor()
    go_live_at = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(days=3)
    offer, holder = submit_new_offer(
        page, demo_site, "Gants chirurgicaux", "2026-R001-000-000-0000002", go_live_at
    )

    approve(page, demo_site, offer)
    assert not offer.live
    revision = offer.latest_revision
    assert revision.approved_go_live_at == go_live_at
    assert page.goto(f"{demo_site}{offer.url}").status == 404

    # The date comes (moved to a minute ago, on the approval and in the revision's content):
    # Wagtail's publish_scheduled (run by cron) publishes it.
    came = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = came
    revision.content["go_live_at"] = came.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", stdout=io.StringIO())
    offer.refresh_from_db()
    assert offer.live
    assert offer.live_revision_id == revision.pk
    assert_public(page, demo_site, offer, holder)


def pending_deposit():
    """A convention deposit received from CH DE TEST's administrator, as the form saves it."""
    establishment = Establishment.objects.get(name="CH DE TEST")
    depositor = get_user_model().objects.get(email="admin.chtest@demo.example")
    offer = deposit_service.open_intermediary_offers().first()
    data = form_data(establishment, archive=None, contract_number="2026-CONV-0042")
    data.pop("archive")
    return deposit_service.create_deposit(
        user=depositor, offer=offer, establishment=establishment, data=data, archive=good_zip()
    )


def open_from_the_dashboard(page, panel_link, row_text, row_link):
    """From the dashboard's *À traiter* panel to a list, and the first item's screen."""
    panel = page.get_by_role("region", name="À traiter")
    with page.expect_navigation():
        panel.get_by_role("link", name=panel_link).click()
    listing = page.get_by_role("table")
    expect(listing).to_contain_text(row_text)
    with page.expect_navigation():
        listing.get_by_role("link", name=row_link).first.click()


def test_staff_validate_a_convention_deposit(browser_page, demo_site):
    page = browser_page
    deposit = pending_deposit()
    assert not Contract.objects.filter(number="2026-CONV-0042").exists()
    mail.outbox.clear()

    admin_log_in(page, demo_site)
    open_from_the_dashboard(page, "Dépôts de conventions à traiter", "2026-CONV-0042", "Traiter")
    expect(page.get_by_role("main")).to_contain_text("2026-CONV-0042")
    with page.expect_navigation():
        page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Dépôt validé : le marché 2026-CONV-0042")).to_be_visible()

    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.VALIDATED
    assert deposit.reviewed_by.username == ADMIN_USERNAME
    contract = Contract.objects.get(number="2026-CONV-0042")
    assert (contract.establishment, contract.offer_id) == (deposit.establishment, deposit.offer_id)
    assert deposit.contract == contract
    depositor_mails = [m for m in mail.outbox if "admin.chtest@demo.example" in m.to]
    assert depositor_mails, [(m.to, m.subject) for m in mail.outbox]
    assert any("Convention validée" in m.subject for m in depositor_mails)


def test_staff_answer_an_exchange_waiting_for_them(browser_page, demo_site):
    page = browser_page
    author = get_user_model().objects.get(email="utilisateur.chtest@demo.example")
    exchange = exchanges.start_exchange(
        author=author,
        establishment=Establishment.objects.get(name="CH DE TEST"),
        kind=ExchangeKind.QUESTION,
        subject="Conditionnement des gants",
        body="Les gants existent-ils en boîtes de 200 ?",
    )
    mail.outbox.clear()

    admin_log_in(page, demo_site)
    open_from_the_dashboard(
        page, "Échanges en attente d'une réponse", "Conditionnement des gants", "Ouvrir l'échange"
    )
    expect(page.get_by_role("main")).to_contain_text("Les gants existent-ils en boîtes de 200 ?")
    page.get_by_label("Réponse").fill("Oui : la référence GN-200 est en boîtes de 200.")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer la réponse").click()
    expect(
        page.get_by_text("Réponse envoyée : le demandeur en est informé par e-mail.")
    ).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("la référence GN-200 est en boîtes de 200")

    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.ANSWERED
    answer = exchange.messages.order_by("-created_at", "-pk").first()
    assert answer.from_staff
    assert answer.body == "Oui : la référence GN-200 est en boîtes de 200."
    assert answer.author.username == ADMIN_USERNAME
    messages = [m for m in mail.outbox if m.to == [author.email]]
    assert len(messages) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert "Conditionnement des gants" in messages[0].body + messages[0].subject
