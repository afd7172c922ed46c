"""Demo accounts and buyer-space content for ``manage.py seed_demo`` (idempotent: keyed on
e-mail addresses, references and titles). Runs after the membership seeder (establishments)."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from buyer_space.accounts.choices import AffiliationStatus, Civility, Function, Role
from buyer_space.accounts.models import Affiliation, FamilyRight, Profile
from buyer_space.exchanges.choices import ExchangeKind, ExchangeStatus
from buyer_space.exchanges.models import Exchange, ExchangeMessage
from buyer_space.space.choices import DataFileKind, OtherDocumentCategory
from buyer_space.space.models import DataFile, Newsletter, OtherDocument
from catalogue.models import OfferPage, PurchaseFamily
from membership.contracts.choices import ContractOrigin
from membership.contracts.models import Contract
from membership.establishments.models import Establishment

DEMO_PASSWORD = "demo-espace-acheteur"  # noqa: S105 (a published demo password, by design)
TEST_ESTABLISHMENT = "CH DE TEST"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# e-mail → (civility, first name, last name, function, establishment name or GHT support, role,
#           status, what the profile shows)
ACCOUNTS = [
    ("admin.chtest@demo.example", Civility.MRS, "Karine", "Coexya", Function.BIOLOGIST,
     "test", Role.ADMIN, AffiliationStatus.ACTIVE, "administratrice de CH DE TEST"),
    ("utilisateur.chtest@demo.example", Civility.MR, "Ulysse", "Martin", Function.BUYER,
     "test", Role.USER, AffiliationStatus.ACTIVE, "utilisateur de CH DE TEST"),
    ("en-attente.chtest@demo.example", Civility.MRS, "Paula", "Durand", Function.PHARMACIST,
     "test", Role.USER, AffiliationStatus.PENDING, "demande en attente sur CH DE TEST"),
    ("admin.ght@demo.example", Civility.MR, "Gaël", "Hervé", Function.PURCHASING_DIRECTOR,
     "support", Role.ADMIN, AffiliationStatus.ACTIVE, "admin du support d'un GHT"),
    ("admin.autre@demo.example", Civility.MRS, "Alice", "Bernard", Function.BUYER,
     "other", Role.ADMIN, AffiliationStatus.ACTIVE, "administratrice d'un autre établissement"),
]  # fmt: skip


def _establishments():
    test = Establishment.objects.get(name=TEST_ESTABLISHMENT)
    support = Establishment.objects.filter(supported_group__isnull=False).order_by("pk").first()
    other = Establishment.objects.exclude(pk=test.pk).filter(group__isnull=True).first()
    return {"test": test, "support": support or test, "other": other or test}


def _account(email, civility, first, last, function, establishment, role, status):
    user, created = get_user_model().objects.get_or_create(
        username=email, defaults={"email": email, "first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        now = timezone.now()
        Profile.objects.create(
            user=user,
            civility=civility,
            phone="01 23 45 67 89",
            service="Direction des achats",
            job_title="Acheteur hospitalier",
            function=function,
            email_confirmed_at=now,
            privacy_accepted_at=now,
        )
    Affiliation.objects.get_or_create(
        user=user,
        establishment=establishment,
        defaults={"role": role, "requested_role": role, "status": status},
    )
    return user


def _xlsx(establishment, period):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Commandes et facturation"
    sheet.append(["Établissement", "Période", "Devis en cours", "Titres à facturer",
                  "Titres facturés", "Commandes validées"])  # fmt: skip
    sheet.append([establishment.name, period.strftime("%m/%Y"), 1250.0, 8400.5, 15230.0, 23630.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def seed_buyer_space(stdout=None):
    establishments = _establishments()
    users = {}
    for email, civility, first, last, function, where, role, status, _label in ACCOUNTS:
        users[email] = _account(
            email, civility, first, last, function, establishments[where], role, status
        )

    test = establishments["test"]
    user_affiliation = Affiliation.objects.get(
        user=users["utilisateur.chtest@demo.example"], establishment=test
    )
    for family in PurchaseFamily.objects.order_by("sort_order", "name")[:2]:
        FamilyRight.objects.get_or_create(
            affiliation=user_affiliation,
            family=family,
            defaults={"can_view_market_documents": True},
        )

    for order, name in enumerate(("La lettre des achats", "Actualités des offres"), start=1):
        Newsletter.objects.get_or_create(name=name, defaults={"sort_order": order})

    offer = OfferPage.objects.filter(reference="2023-R087-000-000-0000000").first()
    if offer is not None:
        Contract.objects.get_or_create(
            establishment=test,
            number="2023-R087-CHT",
            defaults={
                "offer": offer,
                "title": offer.title,
                "origin": ContractOrigin.CONVENTION,
                "start_date": offer.start_date,
                "end_date": offer.end_date,
            },
        )

    if not Exchange.objects.filter(establishment=test, subject="Délais de livraison").exists():
        exchange = Exchange.objects.create(
            kind=ExchangeKind.QUESTION,
            subject="Délais de livraison",
            establishment=test,
            author=users["utilisateur.chtest@demo.example"],
            offer=offer,
            status=ExchangeStatus.ANSWERED,
        )
        ExchangeMessage.objects.create(
            exchange=exchange,
            author=users["utilisateur.chtest@demo.example"],
            body="Bonjour, quels sont les délais de livraison des cartes cadeaux ?",
        )
        ExchangeMessage.objects.create(
            exchange=exchange,
            from_staff=True,
            body="Bonjour, les cartes sont livrées sous 5 jours ouvrés après la commande.",
        )

    if not OtherDocument.objects.filter(title="Guide de l'adhérent").exists():
        OtherDocument.objects.create(
            title="Guide de l'adhérent",
            category=OtherDocumentCategory.MEMBER_GUIDE,
            file=ContentFile(PDF_BYTES, name="guide-de-l-adherent.pdf"),
        )

    period = datetime.date(timezone.localdate().year, 1, 1)
    if not DataFile.objects.filter(
        establishment=test, kind=DataFileKind.MONTHLY_INTERMEDIARY, period_start=period
    ).exists():
        DataFile.objects.create(
            establishment=test,
            kind=DataFileKind.MONTHLY_INTERMEDIARY,
            period_start=period,
            period_end=period.replace(day=31),
            file=ContentFile(_xlsx(test, period), name="commandes-intermediaire.xlsx"),
        )

    if stdout is not None:
        stdout.write(f"Comptes acheteurs de démonstration (mot de passe « {DEMO_PASSWORD} ») :")
        for email, *_rest, label in ACCOUNTS:
            stdout.write(f"  {email} — {label}")
        stdout.write("Espace acheteur : http://127.0.0.1:8000/compte/connexion/")
