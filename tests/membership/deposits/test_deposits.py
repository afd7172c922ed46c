"""Convention deposits: the form (good and bad input), the saved deposit and its e-mail, the
staff's validation (one contract, e-mails) and rejection (a reason, an e-mail)."""

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from catalogue.choices import AccessMode, DocumentVisibility
from espace_site.outbox.models import OutboxEmail
from membership.contracts.choices import ContractOrigin
from membership.contracts.models import Contract
from membership.deposits.choices import DepositStatus
from membership.deposits.models import ConventionDeposit
from membership.deposits.services import deposits as service
from tests.factories.buyer_space import AffiliationFactory, UserFactory
from tests.factories.catalogue import CatalogueDocumentFactory, OfferPageDocumentFactory
from tests.membership.deposits.deposit_helpers import PDF, form_data, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(world, catalogue_index):
    return make_offer(catalogue_index, world.families[0])


@pytest.fixture
def form_url(offer):
    return reverse("membership:deposit_form", args=[offer.pk])


@pytest.fixture
def submit(client, world, form_url, django_capture_on_commit_callbacks):
    """POST the deposit form as the CH DE TEST admin, running the on-commit e-mails."""

    def _submit(user=None, **overrides):
        client.force_login(user or world.admin)
        data = form_data(world.establishment, **overrides)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(form_url, data)

    return _submit


@pytest.fixture
def processor(world):
    """A staff member allowed to process deposits (Django's change permission)."""
    user = UserFactory(email="depots@centrale.example", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(
            content_type__app_label="deposits", codename="change_conventiondeposit"
        ),
    )
    return user


def test_the_form_shows_the_guides_fields_prefilled(client, world, offer, form_url):
    client.force_login(world.admin)
    response = client.get(form_url)
    assert response.status_code == 200
    html = response.content.decode()
    for label in (
        "Raison sociale de votre établissement",
        "Numéro de marché",
        "Convention signée (Téléchargez un fichier zip regroupant tous vos fichiers : "
        "convention, annexes, EJ / bon de commande)",
        "Email",
        "Numéro de téléphone",
        "Saisissez votre n° de téléphone sous le format 01231415",
        "Votre référence de commande (EJ si dépôt Chorus ou N° bon de commande)",
        "Saisissez votre numéro d&#x27;EJ (pour un dépôt sur Chorus) ou le n° de votre bon de "
        "commande",
        "Code service Chorus",
        "Si vous souhaitez recevoir votre facture par mail et non via un dépôt Chorus, saisissez "
        "l&#x27;adresse mail choisie dans ce champ",
        "Champ facultatif",
        "Valider",
    ):
        assert label in html, label
    form = response.context["form"]
    assert form["contract_number"].value() == offer.reference
    assert form["email"].value() == world.admin.email
    assert form["company_name"].value() == "CH DE TEST"
    assert 'enctype="multipart/form-data"' in html


def test_a_good_deposit_is_saved_received_and_confirmed_by_email(submit, world, offer, settings):
    response = submit()
    assert response.status_code == 302
    assert response["Location"] == reverse("membership:deposits")
    deposit = ConventionDeposit.objects.get()
    assert (deposit.status, deposit.offer, deposit.establishment, deposit.depositor) == (
        DepositStatus.RECEIVED,
        offer.page_ptr.specific,
        world.establishment,
        world.admin,
    )
    assert deposit.phone == "0123141516"
    assert deposit.chorus_service_code == "SERVICE-ACHATS"
    # Kept in the private storage, never under the public media folder.
    assert deposit.archive.storage.exists(deposit.archive.name)
    assert "/private/conventions/" in deposit.archive.path
    assert str(settings.MEDIA_ROOT) not in deposit.archive.path
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.admin.email, "depot@ch-test.example"]
    assert "Dépôt de convention reçu" in message.subject
    assert "Titres restaurant et cartes cadeaux" in message.body
    assert OutboxEmail.objects.get().key == f"deposit-received:{deposit.pk}"


def test_the_success_message_is_shown(client, submit):
    response = submit()
    page = client.get(response["Location"])
    assert "a bien été déposée" in page.content.decode()
    assert "Reçu" in page.content.decode()


def _zip_with(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return SimpleUploadedFile("convention.zip", buffer.getvalue())


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (SimpleUploadedFile("convention.zip", PDF), "n&#x27;est pas une archive zip valide"),
        (SimpleUploadedFile("convention.zip", b""), "Le fichier est vide."),
        (_zip_with([("../x.pdf", PDF)]), "chemin interdit"),
        (_zip_with([("setup.exe", b"MZ")]), "ce type de fichier n&#x27;est pas accepté"),
        (_zip_with([("convention.pdf", b"MZ\x90")]), "ne correspond pas à un fichier PDF"),
        (_zip_with([("c.pdf", PDF + b"\0" * 3_000_000)]), "compressé de façon anormale"),
    ],
    ids=["not-zip", "empty", "traversal", "exe", "spoofed", "bomb"],
)
def test_a_bad_zip_is_refused_and_the_other_fields_stay_filled(submit, archive, message):
    response = submit(archive=archive)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "choisissez-le à nouveau avant de valider" in html
    assert 'value="Centre hospitalier de Test"' in html
    assert 'value="EJ-2024/0042"' in html
    assert 'value="SERVICE-ACHATS"' in html
    assert "Merci de votre traitement." in html
    assert not ConventionDeposit.objects.exists()
    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


def test_a_missing_zip_is_required(submit):
    response = submit(archive="")
    assert "Choisissez le fichier zip de votre convention signée." in response.content.decode()
    assert not ConventionDeposit.objects.exists()


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("0123141516", "0123141516"),
        ("01 23 14 15 16", "0123141516"),
        ("01.23.14.15.16", "0123141516"),
        ("+33 1 23 14 15 16", "0123141516"),
        ("06-12-34-56-78", "0612345678"),
    ],
)
def test_accepted_phone_formats(submit, phone, stored):
    assert submit(phone=phone).status_code == 302
    assert ConventionDeposit.objects.get().phone == stored


@pytest.mark.parametrize(
    "phone", ["01231415", "1234567890", "01 23 45 67 89 10", "téléphone", "+44 20 7946 0958"]
)
def test_refused_phone_formats(submit, phone):
    response = submit(phone=phone)
    assert response.status_code == 200
    assert "Saisissez un numéro de téléphone français de 10 chiffres" in response.content.decode()
    assert not ConventionDeposit.objects.exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("company_name", "Saisissez la raison sociale de votre établissement."),
        ("contract_number", "Saisissez le numéro de marché."),
        ("email", "Saisissez votre adresse e-mail."),
        ("phone", "Saisissez votre numéro de téléphone."),
        ("order_reference", "Saisissez votre numéro d&#x27;EJ ou de bon de commande."),
        ("chorus_service_code", "Saisissez votre code service Chorus"),
    ],
)
def test_each_required_field(submit, field, message):
    response = submit(**{field: ""})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ConventionDeposit.objects.exists()


def test_the_message_is_optional(submit):
    assert submit(message="").status_code == 302


@pytest.mark.parametrize(
    "field",
    ["company_name", "message", "order_reference", "contract_number", "chorus_service_code"],
)
def test_markup_is_refused(submit, field):
    response = submit(**{field: "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not ConventionDeposit.objects.exists()


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("factures@ch-test.example", True),
        ("SERV_ACHATS-01", True),
        ("factures@", False),
        ("code avec espaces", False),
    ],
)
def test_chorus_service_code_or_an_email(submit, value, accepted):
    response = submit(chorus_service_code=value)
    assert (response.status_code == 302) is accepted
    if not accepted:
        html = response.content.decode()
        assert "code service Chorus" in html or "adresse e-mail valide" in html


def test_an_invalid_email(submit):
    response = submit(email="pas-une-adresse")
    assert "Saisissez une adresse e-mail valide" in response.content.decode()


def test_a_forged_establishment_is_refused(submit, world):
    response = submit(establishment=world.other.pk)
    assert "Choisissez un établissement de la liste." in response.content.decode()
    assert not ConventionDeposit.objects.exists()


def test_an_account_with_two_establishments_chooses(client, world, offer, form_url, submit):
    AffiliationFactory(user=world.admin, establishment=world.other, admin=True)
    client.force_login(world.admin)
    html = client.get(form_url).content.decode()
    assert "Établissement bénéficiaire" in html
    assert "CH VOISIN" in html
    assert submit(establishment=world.other.pk).status_code == 302
    assert ConventionDeposit.objects.get().establishment == world.other


# Reaching the form -------------------------------------------------------------------------


def test_the_offer_chooser_of_mon_espace(client, world, offer):
    client.force_login(world.admin)
    url = reverse("membership:deposits")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="id_offre">Offre' in html
    assert '<select name="offre" required id="id_offre">' in html
    assert '<option value="" selected>Choisissez une offre</option>' in html
    assert f'<option value="{offer.pk}">{escape(offer.title)} – {offer.reference}</option>' in html
    response = client.get(url, {"offre": offer.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("membership:deposit_form", args=[offer.pk])


@pytest.mark.parametrize("value", ["abc", "", "99999999999999999999999", "-1", "0"])
def test_a_bad_offer_choice_is_a_message_not_an_error(client, world, offer, value):
    client.force_login(world.admin)
    response = client.get(reverse("membership:deposits"), {"offre": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choisissez" in html
    assert 'aria-invalid="true" aria-describedby="id_offre_error" id="id_offre"' in html
    assert f'<option value="{offer.pk}">' in html  # the list is offered again, nothing chosen


def test_only_live_unexpired_intermediaire_offers_are_offered(client, world, catalogue_index):
    family = world.families[0]
    open_offer = make_offer(catalogue_index, family)
    wholesale = make_offer(
        catalogue_index, world.families[1], reference="G-1", access_mode=AccessMode.WHOLESALE
    )
    expired = make_offer(
        catalogue_index,
        world.families[2],
        reference="E-1",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    draft = make_offer(catalogue_index, family, reference="D-1", slug="brouillon", live=False)
    client.force_login(world.admin)
    choices = dict(
        client.get(reverse("membership:deposits")).context["form"]["offre"].field.choices
    )
    assert open_offer.pk in choices
    for offer in (wholesale, expired, draft):
        assert offer.pk not in choices
        response = client.get(reverse("membership:deposit_form", args=[offer.pk]))
        assert response.status_code == 404


@pytest.mark.parametrize("offer_id", [0, 2**31, 2**63, 10**20])
def test_an_unknown_offer_id_is_404(client, world, offer_id):
    client.force_login(world.admin)
    response = client.get(f"/mon-espace/depot-des-conventions/{offer_id}/")
    assert response.status_code == 404


def test_the_offer_page_links_to_the_form_and_to_the_csac(client, world, offer):
    csac = CatalogueDocumentFactory(
        title="2023-R087-000-0000000_CSAC", visibility=DocumentVisibility.PUBLIC
    )
    OfferPageDocumentFactory(page=offer, document=csac)
    client.force_login(world.admin)
    html = client.get(offer.url).content.decode()
    assert "Déposer ma convention" in html
    assert reverse("membership:deposit_form", args=[offer.pk]) in html
    assert csac.url in html  # downloadable from the offer page
    form_html = client.get(reverse("membership:deposit_form", args=[offer.pk])).content.decode()
    assert csac.url in form_html
    client.logout()
    assert csac.url in client.get(offer.url).content.decode()  # public: even anonymous


# The staff: validate or reject ---------------------------------------------------------------


@pytest.fixture
def deposit(submit):
    submit()
    mail.outbox.clear()
    return ConventionDeposit.objects.get()


def test_validation_creates_the_contract_once_and_emails_depositor_and_admins(
    world, offer, deposit, processor, django_capture_on_commit_callbacks
):
    second_admin = AffiliationFactory(
        establishment=world.establishment, admin=True, user__email="bob.admin@ch-test.example"
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        validated, changed = service.validate(deposit.pk, staff=processor)
    assert changed
    contract = Contract.objects.get()
    assert (
        contract.establishment,
        contract.number,
        contract.title,
        contract.start_date,
        contract.end_date,
        contract.origin,
        contract.family,
        contract.offer_id,
    ) == (
        world.establishment,
        "2023-R087-000-000-0000000",
        offer.title,
        offer.start_date,
        offer.end_date,
        ContractOrigin.CONVENTION,
        world.families[0],
        offer.pk,
    )
    validated.refresh_from_db()
    assert (validated.status, validated.contract, validated.reviewed_by) == (
        DepositStatus.VALIDATED,
        contract,
        processor,
    )
    recipients = sorted(tuple(message.to) for message in mail.outbox)
    assert recipients == sorted(
        [(world.admin.email, "depot@ch-test.example"), (second_admin.email,)]
    )
    assert all(
        "Convention validée" in m.subject or "Nouveau marché" in m.subject for m in mail.outbox
    )

    with django_capture_on_commit_callbacks(execute=True):
        _, changed = service.validate(deposit.pk, staff=processor)
    assert not changed
    assert Contract.objects.count() == 1
    assert len(mail.outbox) == 2


def test_a_rejection_needs_a_reason_and_emails_the_depositor(
    deposit, processor, django_capture_on_commit_callbacks
):
    with pytest.raises(service.DepositError):
        service.reject(deposit.pk, staff=processor, reason="   ")
    with django_capture_on_commit_callbacks(execute=True):
        _, changed = service.reject(deposit.pk, staff=processor, reason="Convention non signée.")
    assert changed
    deposit.refresh_from_db()
    assert (deposit.status, deposit.reason) == (
        DepositStatus.REJECTED,
        "Convention non signée.",
    )
    assert len(mail.outbox) == 1
    assert "Motif : Convention non signée." in mail.outbox[0].body
    assert not Contract.objects.exists()
    with pytest.raises(service.DepositError):
        service.validate(deposit.pk, staff=processor)
    assert service.reject(deposit.pk, staff=processor, reason="Encore")[1] is False
    assert len(mail.outbox) == 1


def test_a_validated_deposit_cannot_be_rejected(deposit, processor):
    service.validate(deposit.pk, staff=processor)
    with pytest.raises(service.DepositError):
        service.reject(deposit.pk, staff=processor, reason="Trop tard")


def test_the_admin_screens(client, world, deposit, processor, django_capture_on_commit_callbacks):
    client.force_login(processor)
    index = client.get(reverse("deposits_conventiondeposit_modeladmin_index"))
    assert index.status_code == 200
    assert "Centre hospitalier de Test" in index.content.decode()
    review_url = reverse("deposits_deposit_review", args=[deposit.pk])
    page = client.get(review_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "convention-signee.pdf" in html
    archive = client.get(reverse("deposits_deposit_archive", args=[deposit.pk]))
    assert archive.status_code == 200
    assert "no-store" in archive["Cache-Control"]
    assert zipfile.is_zipfile(io.BytesIO(b"".join(archive.streaming_content)))

    response = client.post(review_url, {"decision": "refuser", "reason": ""})
    assert response.status_code == 200
    assert "Indiquez le motif du rejet : il est envoyé au déposant." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url, {"decision": "accepter"})
        client.post(review_url, {"decision": "accepter"})
    assert response.status_code == 302
    assert Contract.objects.count() == 1
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.VALIDATED


@pytest.mark.parametrize(
    "query",
    [
        {"status": "recu"},
        {"status": "nimporte"},
        {"offre": "abc"},
        {"offre": "99999999999999999999"},
        {"etablissement": "1' OR 1=1"},
        {"q": "Centre"},
    ],
)
def test_the_admin_list_filters_never_fail(client, deposit, processor, query):
    client.force_login(processor)
    response = client.get(reverse("deposits_conventiondeposit_modeladmin_index"), query)
    assert response.status_code in (200, 302)


def test_the_admin_list_queries_do_not_grow_with_rows(
    client, world, offer, processor, django_assert_max_num_queries
):
    def add(count):
        for n in range(count):
            ConventionDeposit.objects.create(
                establishment=world.establishment,
                offer=offer,
                depositor=world.admin,
                company_name=f"CH {n}",
                contract_number=f"N-{n}",
                archive="conventions/x.zip",
                email="a@b.example",
                phone="0123141516",
                order_reference="EJ",
                chorus_service_code="CODE",
            )

    client.force_login(processor)
    url = reverse("deposits_conventiondeposit_modeladmin_index")
    add(5)
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        assert client.get(url).status_code == 200
    add(45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_zip_over_50_mo_is_refused_as_it_arrives_and_the_form_kept(submit):
    from membership.deposits.services.zipcheck import MAX_ARCHIVE_SIZE

    response = submit(archive=SimpleUploadedFile("convention.zip", b"\0" * (MAX_ARCHIVE_SIZE + 1)))

    html = response.content.decode()
    assert response.status_code == 413
    assert "Le fichier dépasse la taille maximale de 50,0" in html
    assert "il n&#x27;a pas été reçu." in html
    assert 'value="EJ-2024/0042"' in html
    assert not ConventionDeposit.objects.exists()
