"""Factories of the buyer space: accounts (username = e-mail), profiles, affiliations, rights."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from buyer_space.accounts.choices import AffiliationStatus, Civility, Function, Role
from buyer_space.accounts.models import Affiliation, FamilyRight, Profile
from buyer_space.exchanges.choices import ExchangeKind, ExchangeStatus
from buyer_space.exchanges.models import Exchange, ExchangeAttachment, ExchangeMessage
from tests.factories.catalogue import PurchaseFamilyFactory
from tests.factories.membership import EstablishmentFactory

PASSWORD = "mot-de-passe-de-test-2024"


class UserFactory(DjangoModelFactory):
    """An account as the portal creates them: the username is the e-mail, lower-cased."""

    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    email = factory.Sequence(lambda n: f"acheteur{n}@hopital.example")
    username = factory.LazyAttribute(lambda o: o.email.lower())
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True


class ProfileFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    civility = Civility.MRS
    phone = "01 23 45 67 89"
    service = "Pharmacie"
    job_title = "Acheteuse"
    function = Function.BUYER
    email_confirmed_at = factory.LazyFunction(timezone.now)
    privacy_accepted_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Profile
        django_get_or_create = ("user",)


class BuyerFactory(UserFactory):
    """An account with its confirmed profile."""

    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user")


class AffiliationFactory(DjangoModelFactory):
    user = factory.SubFactory(BuyerFactory)
    establishment = factory.SubFactory(EstablishmentFactory)
    role = Role.USER
    requested_role = factory.SelfAttribute("role")
    status = AffiliationStatus.ACTIVE

    class Meta:
        model = Affiliation

    class Params:
        admin = factory.Trait(role=Role.ADMIN)
        pending = factory.Trait(status=AffiliationStatus.PENDING)


class FamilyRightFactory(DjangoModelFactory):
    affiliation = factory.SubFactory(AffiliationFactory)
    family = factory.SubFactory(PurchaseFamilyFactory)
    can_view_market_documents = True
    has_admin_membership_rights = False

    class Meta:
        model = FamilyRight


class ExchangeFactory(DjangoModelFactory):
    """A thread (*échange*); its author defaults to a new buyer of the establishment."""

    kind = ExchangeKind.QUESTION
    subject = factory.Sequence(lambda n: f"Question numéro {n}")
    establishment = factory.SubFactory(EstablishmentFactory, member=True)
    author = factory.SubFactory(BuyerFactory)
    status = ExchangeStatus.OPEN

    class Meta:
        model = Exchange


class ExchangeMessageFactory(DjangoModelFactory):
    exchange = factory.SubFactory(ExchangeFactory)
    author = factory.SelfAttribute("exchange.author")
    from_staff = False
    body = factory.Sequence(lambda n: f"Message numéro {n}.")

    class Meta:
        model = ExchangeMessage


class ExchangeAttachmentFactory(DjangoModelFactory):
    """A small PDF in the private storage, attached to a message."""

    message = factory.SubFactory(ExchangeMessageFactory)
    name = factory.Sequence(lambda n: f"piece-jointe-{n}.pdf")
    file = factory.LazyAttribute(lambda o: ContentFile(b"%PDF-1.4 piece jointe", name=o.name))
    size = 21

    class Meta:
        model = ExchangeAttachment


# --- Dashboard: newsletters, *autres documents*, *fichiers de données* ----------------------


class NewsletterFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lettre d'information n° {n}")
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = "space.Newsletter"
        django_get_or_create = ("name",)


class OtherDocumentFactory(DjangoModelFactory):
    """A document of one establishment (``establishment=None``: for every adherent one)."""

    title = factory.Sequence(lambda n: f"Document administratif {n}")
    category = "adhesion"
    establishment = factory.SubFactory(EstablishmentFactory)
    file = factory.LazyAttribute(
        lambda o: ContentFile(f"%PDF-1.4 {o.title}".encode(), name="document.pdf")
    )
    published_on = factory.LazyFunction(timezone.localdate)

    class Meta:
        model = "space.OtherDocument"


class DataFileFactory(DjangoModelFactory):
    """A monthly report; each one a month earlier than the previous (periods stay unique)."""

    establishment = factory.SubFactory(EstablishmentFactory)
    kind = "mensuel-intermediaire"
    period_start = factory.Sequence(
        lambda n: (datetime.date(2024, 12, 1) - datetime.timedelta(days=31 * n)).replace(day=1)
    )
    period_end = factory.LazyAttribute(lambda o: o.period_start + datetime.timedelta(days=27))
    file = factory.LazyAttribute(
        lambda o: ContentFile(f"rapport {o.kind} {o.period_start}".encode(), name="rapport.xlsx")
    )

    class Meta:
        model = "space.DataFile"
