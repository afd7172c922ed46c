"""*Réservé aux acheteurs habilités* is no dead end: a buyer is told which right he lacks, who
grants it (his administrators, by name), and can ask them for it; each other case says what
is missing (an establishment that is not adherent, an account not validated yet)."""

import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from catalogue.choices import DocumentVisibility
from tests.factories.buyer_space import FamilyRightFactory

from ..notifications.notification_helpers import attach, document, make_offer, publish

pytestmark = pytest.mark.django_db

REQUEST_URL = "/mon-espace/droits/demander/"


@pytest.fixture
def offer(world, catalogue_index):
    offer = make_offer(catalogue_index, world.families[0])
    attach(
        offer,
        document("CCAP réservé", DocumentVisibility.FAMILY, family=world.families[0]),
        document("Tarifs adhérents", DocumentVisibility.MEMBERS),
    )
    publish(offer)
    return offer


def document_cells(html):
    return {
        unescape(name).strip(): unescape(re.sub(r"<[^>]+>", " ", cell))
        for name, cell in re.findall(
            r'<th scope="row" class="documents-table__name">([^<]+).*?'
            r'<td class="documents-table__action">(.*?)</td>',
            html,
            re.S,
        )
    }


def test_a_user_without_the_family_right_is_told_who_grants_it(world, offer, login):
    cells = document_cells(login(world.user).get(offer.url).content.decode())
    cell = " ".join(cells["CCAP réservé"].split())
    assert (
        "Il vous faut le droit « Consulter les documents de marché » de la famille Biomédical"
        in cell
    )
    assert "accordé par l'administrateur de votre établissement : Alice Admin" in cell
    assert "Demander ce droit" in cell
    html = login(world.user).get(offer.url).content.decode()
    link = re.search(r'href="(/mon-espace/droits/demander/\?[^"]+)"', html).group(1)
    assert f"famille={world.families[0].pk}" in link and f"offre={offer.pk}" in link
    # The members-only document opens to a user of an adherent establishment.
    assert "Télécharger" in cells["Tarifs adhérents"]


def test_a_user_with_the_right_downloads_and_gets_no_help(world, offer, login):
    FamilyRightFactory(
        affiliation=world.affiliation(world.user),
        family=world.families[0],
        can_view_market_documents=True,
    )
    cells = document_cells(login(world.user).get(offer.url).content.decode())
    assert "Télécharger" in cells["CCAP réservé"]
    assert "Demander ce droit" not in cells["CCAP réservé"]


def test_a_non_adherent_establishment_is_told_so(world, offer, login):
    world.establishment.is_member = False
    world.establishment.save()
    cells = document_cells(login(world.user).get(offer.url).content.decode())
    for name in ("CCAP réservé", "Tarifs adhérents"):
        assert "Réservé aux établissements adhérents de la centrale" in cells[name]
        assert "Adhérer à la centrale" in cells[name]


def test_a_pending_account_is_told_to_wait_for_its_validation(world, offer, login):
    cells = document_cells(login(world.pending).get(offer.url).content.decode())
    assert "doit d'abord être validé" in cells["CCAP réservé"]


def test_anonymous_visitors_are_only_invited_to_log_in(offer, client):
    cells = document_cells(client.get(offer.url).content.decode())
    assert "Se connecter" in cells["CCAP réservé"]
    assert "Demander ce droit" not in cells["CCAP réservé"]


def test_asking_for_the_right_emails_the_administrators(
    world, offer, login, django_capture_on_commit_callbacks
):
    client = login(world.user)
    query = {"famille": world.families[0].pk, "offre": offer.pk}
    page = client.get(REQUEST_URL, query).content.decode()
    assert "Alice Admin" in page
    assert "Biomédical" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REQUEST_URL, {**query, "message": "Pour le marché de 2027."})
    assert response.status_code == 302
    assert response["Location"] == offer.url
    [message] = mail.outbox
    assert message.to == [world.admin.email]
    assert "Biomédical" in message.subject
    assert "Ulysse Utilisateur" in message.body
    assert "Pour le marché de 2027." in message.body
    assert reverse("buyer_space:user_rights", args=[world.user.pk]) in message.body

    # The same request again the same day: no second e-mail.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REQUEST_URL, query)
    assert mail.outbox == []


@pytest.mark.parametrize("query", [{}, {"famille": "999999"}, {"famille": "abc"}])
def test_an_unknown_family_is_a_clear_400(world, login, query):
    response = login(world.user).get(REQUEST_URL, query)
    assert response.status_code == 400
    assert "La famille d'achat demandée est inconnue" in response.content.decode()


def test_a_message_too_long_keeps_the_form(world, offer, login):
    query = {"famille": world.families[0].pk, "offre": offer.pk}
    response = login(world.user).post(REQUEST_URL, {**query, "message": "x" * 1001})
    assert response.status_code == 200
    assert "au plus 1000 caractères" in unescape(response.content.decode()).replace("\u202f", " ")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("profile", "status"),
    [
        ("anonymous", 302),
        ("pending", 403),
        ("user", 200),
        ("admin", 200),
        ("other_admin", 200),
        ("staff", 403),
    ],
)
def test_who_may_ask_for_a_right(world, client, login, profile, status):
    account = world.account(profile)
    client = login(account) if account else client
    response = client.get(REQUEST_URL, {"famille": world.families[0].pk})
    assert response.status_code == status
