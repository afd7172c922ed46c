"""*Échanges en cours*: new threads (offer, contract, attachments), replies, the staff's answer
and its e-mail, the list (filters, markers, pagination), the offer page's actions, the counter."""

import html
import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from buyer_space.exchanges import services as service
from buyer_space.exchanges.choices import ExchangeKind, ExchangeStatus
from buyer_space.exchanges.models import (
    Exchange,
    ExchangeAttachment,
    ExchangeMessage,
    ExchangeReadMark,
)
from catalogue.choices import AccessMode
from catalogue.content import HELP_CONTACT_URL
from tests.factories import files
from tests.factories.buyer_space import (
    AffiliationFactory,
    ExchangeAttachmentFactory,
    ExchangeFactory,
    ExchangeMessageFactory,
    UserFactory,
)
from tests.factories.catalogue import (
    HolderFactory,
    LotFactory,
    OfferPageFactory,
    SectorPageFactory,
)
from tests.factories.membership import ContractFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("buyer_space:exchanges")
CREATE_URL = reverse("buyer_space:exchange_create")
ADMIN_INDEX_URL = "/admin/exchanges/exchange/"


# Files -------------------------------------------------------------------------------------


def _zip_bytes(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "contenu")
    return buffer.getvalue()


CONTENTS = {
    "pdf": b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    "png": files.PNG,
    "jpg": files.JPEG,
    "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32,
    "xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32,
    "docx": _zip_bytes(["[Content_Types].xml", "word/document.xml"]),
    "xlsx": _zip_bytes(["[Content_Types].xml", "xl/workbook.xml"]),
    "zip": _zip_bytes(["convention.pdf", "annexe.pdf"]),
    "exe": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 32,
}


def upload(name, content=None):
    """An uploaded file; ``content`` defaults to a valid file of the name's extension."""
    if content is None:
        content = CONTENTS[name.rsplit(".", 1)[-1]]
    return SimpleUploadedFile(name, content)


# Fixtures and helpers -----------------------------------------------------------------------


@pytest.fixture
def offers(catalogue_index):
    sector = SectorPageFactory(parent=catalogue_index)
    live = OfferPageFactory(parent=sector, title="Titres-restaurant", reference="2023-R087")
    wholesale = OfferPageFactory(
        parent=sector, title="Rétroprojecteurs", access_mode=AccessMode.WHOLESALE
    )
    draft = OfferPageFactory(parent=sector, title="Brouillon", live=False)
    return {"live": live, "wholesale": wholesale, "draft": draft}


@pytest.fixture
def answerer(world):
    """A member of the centre's staff allowed to answer the threads."""
    world.staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="exchanges", codename="change_exchange")
    )
    return world.staff


def new_thread(**overrides):
    data = {
        "kind": ExchangeKind.QUESTION,
        "subject": "Délai de livraison des échographes",
        "body": "Bonjour,\nquel est le délai de livraison ?",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def text(response):
    """The page's text, entities decoded (Django escapes apostrophes)."""
    return html.unescape(response.content.decode())


def form_errors(response):
    form = response.context["form"]
    return {name: [str(error) for error in errors] for name, errors in form.errors.items()}


def thread_with_message(world, author=None, **kwargs):
    author = author or world.user
    exchange = ExchangeFactory(establishment=world.establishment, author=author, **kwargs)
    ExchangeMessageFactory(exchange=exchange, author=author)
    return exchange


# New thread ---------------------------------------------------------------------------------


def test_the_form_preselects_the_only_establishment_and_the_kind(world, login):
    response = login(world.user).get(CREATE_URL + "?type=facture")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["establishment"].value() == world.establishment.pk
    assert form["kind"].value() == ExchangeKind.INVOICE
    assert 'enctype="multipart/form-data"' in text(response)


def test_a_question_without_offer_nor_contract(world, login, django_capture_on_commit_callbacks):
    client = login(world.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CREATE_URL, new_thread(establishment=world.establishment.pk), follow=True
        )
    exchange = Exchange.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "buyer_space:exchange_detail", args=[exchange.pk]
    )
    assert (exchange.kind, exchange.status, exchange.author) == (
        ExchangeKind.QUESTION,
        ExchangeStatus.OPEN,
        world.user,
    )
    assert exchange.establishment == world.establishment
    assert exchange.offer is None and exchange.contract is None
    message = exchange.messages.get()
    assert message.body == "Bonjour,\nquel est le délai de livraison ?"
    assert not message.from_staff
    assert ExchangeReadMark.objects.filter(exchange=exchange, user=world.user).exists()
    assert "quel est le délai de livraison ?" in text(response)
    assert mail.outbox == []  # only the centre's answers are e-mailed


def test_a_question_about_an_offer_from_the_offer_page(world, login, offers):
    client = login(world.user)
    offer = offers["live"]
    response = client.get(f"{CREATE_URL}?offre={offer.pk}&type=question")
    form = response.context["form"]
    assert form["offer"].value() == offer.pk
    assert form["subject"].value() == "Offre 2023-R087 – Titres-restaurant"
    assert "Titres-restaurant" in text(response)

    response = client.post(
        CREATE_URL, new_thread(establishment=world.establishment.pk, offer=offer.pk)
    )
    assert response.status_code == 302
    assert Exchange.objects.get().offer_id == offer.pk


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1" * 40, "draft"])
def test_a_bad_offer_in_the_link_is_ignored_with_a_message(world, login, offers, value):
    if value == "draft":
        value = str(offers["draft"].pk)
    response = login(world.user).get(f"{CREATE_URL}?offre={value}&type=nimporte")
    assert response.status_code == 200
    assert response.context["form"]["offer"].value() is None
    assert response.context["form"]["kind"].value() is None
    assert "introuvable ou n'est plus en ligne" in text(response)


@pytest.mark.parametrize("value", ["abc", "999999", "draft"])
def test_a_posted_offer_must_be_live(world, login, offers, value):
    if value == "draft":
        value = offers["draft"].pk
    response = login(world.user).post(
        CREATE_URL, new_thread(establishment=world.establishment.pk, offer=value)
    )
    assert response.status_code == 400
    assert form_errors(response)["offer"] == ["Cette offre n'existe pas ou n'est plus en ligne."]
    assert "Délai de livraison des échographes" in text(response)  # kept
    assert not Exchange.objects.exists()


def test_a_thread_about_one_of_the_establishment_s_contracts(world, login):
    contract = ContractFactory(establishment=world.establishment, number="2024-R001")
    client = login(world.user)
    assert "2024-R001" in text(client.get(CREATE_URL))
    response = client.post(
        CREATE_URL,
        new_thread(
            kind=ExchangeKind.COMPLAINT,
            establishment=world.establishment.pk,
            contract=contract.pk,
        ),
    )
    assert response.status_code == 302
    exchange = Exchange.objects.get()
    assert (exchange.kind, exchange.contract) == (ExchangeKind.COMPLAINT, contract)


@pytest.mark.parametrize("value", ["foreign", "999999", "abc"])
def test_a_foreign_contract_gives_a_french_error(world, login, value):
    if value == "foreign":
        value = ContractFactory(establishment=world.other).pk
    response = login(world.user).post(
        CREATE_URL, new_thread(establishment=world.establishment.pk, contract=value)
    )
    assert response.status_code == 400
    assert form_errors(response)["contract"] == [
        "Ce marché ne fait pas partie des marchés de vos établissements."
    ]
    assert not Exchange.objects.exists()


def test_a_contract_of_another_of_my_establishments(world, login):
    """An account of two establishments: the contract must be the chosen establishment's."""
    AffiliationFactory(user=world.user, establishment=world.other)
    contract = ContractFactory(establishment=world.other)
    client = login(world.user)
    response = client.get(CREATE_URL)
    assert response.context["form"]["establishment"].value() is None  # two: no preselection
    response = client.post(
        CREATE_URL, new_thread(establishment=world.establishment.pk, contract=contract.pk)
    )
    assert response.status_code == 400
    assert form_errors(response)["contract"] == [
        "Ce marché n'est pas un marché de l'établissement choisi."
    ]
    response = client.post(
        CREATE_URL, new_thread(establishment=world.other.pk, contract=contract.pk)
    )
    assert response.status_code == 302


def test_a_contract_must_match_the_offer(world, login, offers):
    contract = ContractFactory(establishment=world.establishment, offer=offers["wholesale"])
    response = login(world.user).post(
        CREATE_URL,
        new_thread(
            establishment=world.establishment.pk, offer=offers["live"].pk, contract=contract.pk
        ),
    )
    assert response.status_code == 400
    assert form_errors(response)["contract"] == [
        "Ce marché ne porte pas sur l'offre de la demande."
    ]


@pytest.mark.parametrize("profile", ["other", "support", "orphan", "unknown"])
def test_a_foreign_establishment_is_refused(world, login, profile):
    value = 999999 if profile == "unknown" else getattr(world, profile).pk
    response = login(world.user).post(CREATE_URL, new_thread(establishment=value))
    assert response.status_code == 400
    assert form_errors(response)["establishment"] == ["Choisissez l'un de vos établissements."]
    assert not Exchange.objects.exists()


@pytest.mark.parametrize("body", ["", "   \n\t  "])
def test_an_empty_message_is_refused_and_the_rest_kept(world, login, body):
    response = login(world.user).post(
        CREATE_URL, new_thread(establishment=world.establishment.pk, body=body)
    )
    assert response.status_code == 400
    assert form_errors(response)["body"] == ["Écrivez votre message : il ne peut pas être vide."]
    html = text(response)
    assert 'value="Délai de livraison des échographes"' in html
    assert "La demande n'est pas envoyée" in html
    assert not Exchange.objects.exists()


def test_missing_fields_are_reported_in_french(world, login):
    response = login(world.user).post(CREATE_URL, {})
    assert response.status_code == 400
    errors = form_errors(response)
    assert errors["subject"] == ["Champ requis."]
    assert errors["kind"] == ["Champ requis."]


# Attachments --------------------------------------------------------------------------------


def test_attachments_of_every_allowed_type_are_stored_privately(world, login, settings):
    client = login(world.user)
    first = ["devis.pdf", "photo.png", "photo.jpg", "courrier.docx", "tableau.xlsx"]
    response = client.post(
        CREATE_URL,
        {
            **new_thread(establishment=world.establishment.pk),
            "attachments": [upload(name) for name in first],
        },
    )
    assert response.status_code == 302, form_errors(response)
    exchange = Exchange.objects.get()
    second = ["ancien.doc", "ancien.xls", "archive.zip", "PHOTO.JPEG"]
    files = [upload(name) for name in second[:3]]
    files.append(upload("PHOTO.JPEG", CONTENTS["jpg"]))
    response = client.post(
        reverse("buyer_space:exchange_detail", args=[exchange.pk]),
        {"body": "Voici les pièces manquantes.", "attachments": files},
    )
    assert response.status_code == 302
    attachments = list(ExchangeAttachment.objects.order_by("pk"))
    assert [a.name for a in attachments] == first + second
    for attachment in attachments:
        assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))
        assert attachment.file.path.startswith(str(attachment.file.storage.location))
        assert client.get(attachment.file.url).status_code == 404  # no public media URL
        assert attachment.size == len(attachment.file.read()) > 0
    response = client.get(
        reverse("buyer_space:exchange_attachment", args=[exchange.pk, attachments[0].pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENTS["pdf"]
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert 'filename="devis.pdf"' in response["Content-Disposition"]


def _post_with_files(client, world, files):
    return client.post(
        CREATE_URL, {**new_thread(establishment=world.establishment.pk), "attachments": files}
    )


def _assert_refused(response, message, status=400):
    assert response.status_code == status
    errors = form_errors(response)["attachments"]
    assert any(message in error for error in errors), errors
    html = text(response)
    assert 'value="Délai de livraison des échographes"' in html  # the rest stays filled
    assert "sélectionnez à nouveau vos pièces jointes" in html  # the files must be chosen again
    assert not Exchange.objects.exists()
    assert not ExchangeAttachment.objects.exists()


def test_an_oversized_attachment_is_refused(world, login):
    big = upload("gros.pdf", CONTENTS["pdf"] + b"0" * (service.MAX_ATTACHMENT_SIZE))
    response = _post_with_files(login(world.user), world, [upload("petit.pdf"), big])
    # Refused while it arrived: never written, named in the message.
    _assert_refused(
        response,
        "« gros.pdf » dépasse 10 Mo : ce fichier n'a pas été reçu. La taille maximale est de "
        "10 Mo par fichier.",
        status=413,
    )


@pytest.mark.parametrize("name", ["programme.exe", "page.html", "script.js", "sans-extension"])
def test_a_disallowed_type_is_refused(world, login, name):
    response = _post_with_files(login(world.user), world, [upload(name, CONTENTS["exe"])])
    _assert_refused(response, f"« {name} » : ce type de fichier n'est pas accepté")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("facture.pdf", CONTENTS["exe"]),
        ("photo.png", CONTENTS["jpg"]),
        ("photo.jpg", CONTENTS["png"]),
        ("courrier.docx", CONTENTS["zip"]),  # a zip, but not a Word document
        ("tableau.xlsx", CONTENTS["docx"]),
        ("ancien.doc", CONTENTS["pdf"]),
        ("archive.zip", b"PK\x03\x04 pas vraiment une archive"),
    ],
)
def test_a_spoofed_extension_is_refused(world, login, name, content):
    response = _post_with_files(login(world.user), world, [upload(name, content)])
    _assert_refused(response, f"« {name} » : son contenu ne correspond pas")


def test_an_empty_file_is_refused(world, login):
    response = _post_with_files(login(world.user), world, [upload("vide.pdf", b"")])
    assert response.status_code == 400
    assert not Exchange.objects.exists()


def test_too_many_attachments_are_refused(world, login):
    files = [upload(f"piece-{n}.pdf") for n in range(service.MAX_ATTACHMENTS + 1)]
    response = _post_with_files(login(world.user), world, files)
    _assert_refused(response, "Vous pouvez joindre au plus 5 fichiers (vous en avez choisi 6).")


# Thread and replies -------------------------------------------------------------------------


def test_the_author_replies_and_the_thread_opens_again(world, login):
    exchange = thread_with_message(world, status=ExchangeStatus.ANSWERED)
    url = reverse("buyer_space:exchange_detail", args=[exchange.pk])
    response = login(world.user).post(url, {"body": "Merci, une précision encore."})
    assert response.status_code == 302
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.OPEN
    assert exchange.messages.last().body == "Merci, une précision encore."


def test_an_admin_replies_to_a_thread_of_his_establishment(world, login):
    exchange = thread_with_message(world)
    url = reverse("buyer_space:exchange_detail", args=[exchange.pk])
    assert login(world.admin).post(url, {"body": "Je complète."}).status_code == 302
    assert exchange.messages.last().author == world.admin


@pytest.mark.parametrize("data", [{"body": "  "}, {}])
def test_an_empty_reply_is_refused(world, login, data):
    exchange = thread_with_message(world)
    url = reverse("buyer_space:exchange_detail", args=[exchange.pk])
    response = login(world.user).post(url, data)
    assert response.status_code == 400
    assert form_errors(response)["body"] == ["Écrivez votre message : il ne peut pas être vide."]
    assert exchange.messages.count() == 1


def test_a_closed_thread_takes_no_reply(world, login):
    exchange = thread_with_message(world, status=ExchangeStatus.CLOSED)
    url = reverse("buyer_space:exchange_detail", args=[exchange.pk])
    client = login(world.user)
    page = text(client.get(url))
    assert "Cet échange est clos" in page
    assert 'name="body"' not in page
    response = client.post(url, {"body": "Encore une question."}, follow=True)
    assert "votre message n'a pas été envoyé" in text(response)
    assert exchange.messages.count() == 1
    assert Exchange.objects.get(pk=exchange.pk).status == ExchangeStatus.CLOSED


def test_messages_are_shown_in_order_with_their_attachments(world, login):
    exchange = thread_with_message(world)
    answer = ExchangeMessageFactory(
        exchange=exchange, author=UserFactory(is_staff=True), from_staff=True, body="Réponse."
    )
    attachment = ExchangeAttachmentFactory(message=answer, name="tarifs.pdf")
    html = text(login(world.user).get(reverse("buyer_space:exchange_detail", args=[exchange.pk])))
    first = exchange.messages.first().body
    assert html.index(first) < html.index("Réponse.")
    assert reverse("buyer_space:exchange_attachment", args=[exchange.pk, attachment.pk]) in html
    assert "La centrale" in html


# The centre's side --------------------------------------------------------------------------


def _thread_url(exchange):
    return reverse("exchanges_exchange_thread", args=[exchange.pk])


def test_a_staff_answer_emails_the_author_and_shows_in_the_thread(
    world, login, answerer, django_capture_on_commit_callbacks
):
    exchange = thread_with_message(world, subject="Facture de mars")
    client = login(answerer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _thread_url(exchange),
            {
                "action": "repondre",
                "body": "Votre facture est jointe.",
                "attachments": [upload("facture-mars.pdf")],
            },
        )
    assert response.status_code == 302
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.ANSWERED
    assert exchange.assigned_to == answerer
    answer = exchange.messages.last()
    assert answer.from_staff and answer.author == answerer
    assert answer.attachments.get().name == "facture-mars.pdf"

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [world.user.email]
    assert "Facture de mars" in sent.subject
    detail_url = reverse("buyer_space:exchange_detail", args=[exchange.pk])
    assert f"http://testserver{detail_url}" in sent.body
    assert "Votre facture est jointe." not in sent.body  # the content stays behind the login

    buyer = login(world.user)
    listing = text(buyer.get(LIST_URL))
    assert "Nouveau message" in listing
    page = text(buyer.get(detail_url))
    assert "Votre facture est jointe." in page and "facture-mars.pdf" in page
    assert "Nouveau message" not in text(buyer.get(LIST_URL))


def test_no_email_is_enqueued_when_the_answer_is_refused(world, login, answerer):
    exchange = thread_with_message(world)
    response = login(answerer).post(_thread_url(exchange), {"action": "repondre", "body": ""})
    assert response.status_code == 400
    assert exchange.messages.count() == 1
    assert Exchange.objects.get(pk=exchange.pk).status == ExchangeStatus.OPEN
    assert mail.outbox == []


def test_staff_assign_and_change_the_status(world, login, answerer):
    exchange = thread_with_message(world)
    colleague = UserFactory(is_staff=True, first_name="Claire", last_name="Collègue")
    client = login(answerer)
    assert "Claire Collègue" in text(client.get(_thread_url(exchange)))
    client.post(_thread_url(exchange), {"action": "attribuer", "assigned_to": colleague.pk})
    exchange.refresh_from_db()
    assert exchange.assigned_to == colleague
    client.post(_thread_url(exchange), {"action": "statut", "status": ExchangeStatus.CLOSED})
    assert Exchange.objects.get(pk=exchange.pk).status == ExchangeStatus.CLOSED
    client.post(_thread_url(exchange), {"action": "statut", "status": ExchangeStatus.OPEN})
    assert Exchange.objects.get(pk=exchange.pk).status == ExchangeStatus.OPEN


@pytest.mark.parametrize(
    "data",
    [
        {"action": "attribuer", "assigned_to": "buyer"},  # a buyer is not staff
        {"action": "attribuer", "assigned_to": "abc"},
        {"action": "statut", "status": "supprime"},
        {"action": "statut", "status": ExchangeStatus.ANSWERED},  # only by answering
        {"action": "detruire"},
    ],
)
def test_bad_staff_input_changes_nothing(world, login, answerer, data):
    exchange = thread_with_message(world)
    if data.get("assigned_to") == "buyer":
        data = {**data, "assigned_to": world.user.pk}
    response = login(answerer).post(_thread_url(exchange), data)
    assert response.status_code in (302, 400)
    exchange.refresh_from_db()
    assert (exchange.status, exchange.assigned_to) == (ExchangeStatus.OPEN, None)


def test_the_staff_list_filters_and_searches(world, login, answerer):
    mine = thread_with_message(world, subject="Échographes en panne", kind=ExchangeKind.COMPLAINT)
    mine.assigned_to = answerer
    mine.save()
    theirs = ExchangeFactory(
        establishment=world.other, subject="Facture d'avril", kind=ExchangeKind.INVOICE
    )
    closed = ExchangeFactory(
        establishment=world.other, subject="Ancienne question", status=ExchangeStatus.CLOSED
    )
    client = login(answerer)

    def listed(query=""):
        response = client.get(ADMIN_INDEX_URL + query)
        assert response.status_code == 200
        return {e.pk for e in response.context["object_list"]}

    assert listed() == {mine.pk, theirs.pk, closed.pk}
    assert listed("?status__exact=clos") == {closed.pk}
    assert listed("?kind__exact=facture") == {theirs.pk}
    assert listed(f"?etablissement={world.other.pk}") == {theirs.pk, closed.pk}
    assert listed("?suivi=moi") == {mine.pk}
    assert listed(f"?suivi={answerer.pk}") == {mine.pk}
    assert listed("?suivi=personne") == {theirs.pk, closed.pk}
    assert listed("?q=panne") == {mine.pk}
    assert listed("?q=voisin") == {theirs.pk, closed.pk}
    for bad in ("?etablissement=abc", "?suivi=99999999999999999999", "?etablissement=-1"):
        assert listed(bad) == {mine.pk, theirs.pk, closed.pk}


def test_the_staff_list_exports_csv(world, login, answerer):
    thread_with_message(world, subject="=SOMME(A1)")
    response = login(answerer).get(ADMIN_INDEX_URL + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert "Objet" in content.splitlines()[0]
    assert "'=SOMME(A1)" in content  # no formula for the spreadsheet


def test_the_menu_shows_exchanges_only_with_the_permission(world, login, answerer):
    other_staff = UserFactory(is_staff=True)
    other_staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    assert ADMIN_INDEX_URL in text(login(answerer).get("/admin/"))
    assert ADMIN_INDEX_URL not in text(login(other_staff).get("/admin/"))


# The buyer's list ---------------------------------------------------------------------------


def test_the_empty_list_invites_to_start(world, login):
    html = text(login(world.user).get(LIST_URL))
    assert "Vous n'avez encore aucun échange avec la centrale." in html
    for kind in ("question", "facture", "reclamation"):
        assert f"{CREATE_URL}?type={kind}" in html


def test_the_list_filters_by_kind_and_status(world, login):
    question = thread_with_message(world, kind=ExchangeKind.QUESTION)
    invoice = thread_with_message(world, kind=ExchangeKind.INVOICE, status=ExchangeStatus.CLOSED)
    client = login(world.user)

    def listed(query):
        response = client.get(LIST_URL + query)
        assert response.status_code == 200
        return [exchange.pk for exchange, _unread in response.context["rows"]]

    assert set(listed("")) == {question.pk, invoice.pk}
    assert listed("?type=facture") == [invoice.pk]
    assert listed("?statut=ouvert") == [question.pk]
    assert listed("?type=question&statut=clos") == []
    response = client.get(LIST_URL + "?type=question&statut=clos")
    assert "Aucun échange ne correspond à ces filtres." in text(response)
    response = client.get(LIST_URL + "?type=%00<script>&statut=zzz&page=abc")
    assert response.status_code == 200
    assert "Certains critères n'ont pas été pris en compte" in text(response)
    assert len(response.context["rows"]) == 2


def test_the_list_is_paginated_and_keeps_the_filters(world, login):
    for _ in range(25):
        thread_with_message(world, kind=ExchangeKind.INVOICE)
    client = login(world.user)
    response = client.get(LIST_URL + "?type=facture")
    assert len(response.context["rows"]) == 20
    assert "?type=facture&page=2" in text(response)
    assert len(client.get(LIST_URL + "?type=facture&page=2").context["rows"]) == 5
    assert len(client.get(LIST_URL + "?page=999").context["rows"]) == 5


def test_an_admin_sees_who_started_each_thread(world, login):
    thread_with_message(world, author=world.user, subject="Question d'Ulysse")
    html = text(login(world.admin).get(LIST_URL))
    assert "Question d'Ulysse" in html
    assert "Demandé par Ulysse Utilisateur" in html


# Offer page ---------------------------------------------------------------------------------


def _action_links(client, offer):
    response = client.get(offer.url)
    assert response.status_code == 200
    return text(response)


def test_the_offer_page_asks_a_question_through_a_thread(world, login, offers):
    offer = offers["live"]
    html = _action_links(login(world.user), offer)
    assert f"{CREATE_URL}?offre={offer.pk}&type=question" in html
    wholesale = offers["wholesale"]
    html = _action_links(login(world.user), wholesale)
    assert f"{CREATE_URL}?offre={wholesale.pk}&type=devis" in html


def test_a_quote_request_shows_the_holders_contacts_and_the_wholesale_steps(world, login, offers):
    wholesale = offers["wholesale"]
    holder = HolderFactory(name="Cefla Dental", email="devis@cefla.example", phone="01 02 03 04 05")
    LotFactory(offer=wholesale, number=1, title="Rétro-alvéolaire", holder=holder)
    client = login(world.user)

    html = text(client.get(f"{CREATE_URL}?offre={wholesale.pk}&type=devis"))
    assert "Les contacts titulaires" in html
    assert "Cefla Dental" in html and "mailto:devis@cefla.example" in html
    assert "Lot 1 – Rétro-alvéolaire" in html
    assert "Prenez contact avec le titulaire de l'offre" in html

    question = text(client.get(f"{CREATE_URL}?offre={wholesale.pk}&type=question"))
    assert "Les contacts titulaires" not in question
    intermediary = text(client.get(f"{CREATE_URL}?offre={offers['live'].pk}&type=devis"))
    assert "Les contacts titulaires" not in intermediary


@pytest.mark.parametrize("profile", ["anonymous", "pending", "staff"])
def test_others_keep_the_core_s_question_link(world, login, offers, profile):
    html = _action_links(login(world.account(profile)), offers["live"])
    assert CREATE_URL not in html
    assert f'href="{HELP_CONTACT_URL}"' in html


# Counter ------------------------------------------------------------------------------------


def test_visible_exchanges_and_the_open_counter(world):
    mine = thread_with_message(world, author=world.user)
    answered = thread_with_message(world, author=world.user, status=ExchangeStatus.ANSWERED)
    thread_with_message(world, author=world.user, status=ExchangeStatus.CLOSED)
    admins = thread_with_message(world, author=world.admin)
    ExchangeFactory(establishment=world.other, author=world.other_admin)
    ExchangeFactory(establishment=world.support, author=world.ght_admin)

    assert set(service.visible_exchanges(world.user)) >= {mine, answered}
    assert admins not in service.visible_exchanges(world.user)
    assert service.open_exchange_count(world.user) == 2
    assert service.open_exchange_count(world.admin) == 3  # his own and the user's open ones
    assert service.open_exchange_count(world.other_admin) == 1
    assert service.open_exchange_count(world.ght_admin) == 1  # not the GHT members' threads
    for profile in ("pending", "staff"):
        assert service.open_exchange_count(world.account(profile)) == 0


def test_a_user_no_longer_attached_loses_his_threads(world):
    exchange = thread_with_message(world, author=world.user)
    AffiliationFactory(user=world.user, establishment=world.other)
    world.user.affiliations.filter(establishment=world.establishment).delete()
    world.user.refresh_from_db()
    assert exchange not in service.visible_exchanges(world.user)
    assert ExchangeMessage.objects.filter(exchange=exchange).exists()  # kept for the centre
