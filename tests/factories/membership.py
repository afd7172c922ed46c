import datetime

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from membership.contracts.choices import ContractOrigin
from membership.contracts.models import Contract, ContractDocument, SubsequentContract
from membership.establishments.choices import (
    ActivityDomain,
    EntityRequestStatus,
    GroupRole,
    LegalStatus,
    RevenueTitleMethod,
)
from membership.establishments.models import EntityRequest, Establishment, EstablishmentGroup
from membership.establishments.validators import luhn_check_digit


def valid_siret(number):
    """A SIRET that passes the Luhn check, built from any number (13 digits + check digit)."""
    prefix = f"9{number:012d}"
    return prefix + luhn_check_digit(prefix)


class RequesterFactory(DjangoModelFactory):
    """A buyer account (username = e-mail lower-cased, as the project decided)."""

    email = factory.Sequence(lambda n: f"demandeur{n}@hopital.example")
    username = factory.SelfAttribute("email")
    first_name = "Camille"
    last_name = "Martin"

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


class EstablishmentGroupFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"GHT de test {n}")

    class Meta:
        model = EstablishmentGroup

    @classmethod
    def with_support(cls, members=0, **kwargs):
        """A GHT with its support establishment and ``members`` member establishments."""
        group = cls(**kwargs)
        support = EstablishmentFactory(group=group, group_role=GroupRole.SUPPORT)
        EstablishmentFactory.create_batch(members, group=group, group_role=GroupRole.MEMBER)
        group.support = support
        group.save(update_fields=["support"])
        return group


class EstablishmentFieldsFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"CH de Testville {n}")
    siret = factory.Sequence(valid_siret)
    acronym = factory.Sequence(lambda n: f"CHT{n}")
    address = "1 rue de l'Hôpital"
    city = "Testville"
    postcode = "75013"
    activity_domain = ActivityDomain.SANITARY
    legal_status = LegalStatus.PUBLIC
    revenue_title_method = RevenueTitleMethod.CHORUS
    annual_purchase_amount = 1_500_000

    class Meta:
        abstract = True


class EstablishmentFactory(EstablishmentFieldsFactory):
    is_member = False

    class Meta:
        model = Establishment

    class Params:
        member = factory.Trait(is_member=True, member_since=datetime.date(2020, 1, 1))


class EntityRequestFactory(EstablishmentFieldsFactory):
    # Apart from the establishments' SIRETs, so that accepting creates a new establishment.
    siret = factory.Sequence(lambda n: valid_siret(500_000_000 + n))
    requester = factory.SubFactory(RequesterFactory)
    status = EntityRequestStatus.PENDING

    class Meta:
        model = EntityRequest


class ContractFactory(DjangoModelFactory):
    """A contract (*marché en cours*) of an establishment; pass ``offer`` to attach it to one."""

    establishment = factory.SubFactory(EstablishmentFactory, member=True)
    offer = None
    number = factory.Sequence(lambda n: f"2024-M{n:04d}")
    title = factory.Sequence(lambda n: f"Marché de test {n}")
    origin = ContractOrigin.CONVENTION
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2099, 12, 31)

    class Meta:
        model = Contract


class SubsequentContractFactory(DjangoModelFactory):
    contract = factory.SubFactory(ContractFactory)
    reference = factory.Sequence(lambda n: f"MS-{n:04d}")
    title = factory.Sequence(lambda n: f"Marché subséquent {n}")
    notified_on = datetime.date(2024, 6, 1)

    class Meta:
        model = SubsequentContract


class ContractDocumentFactory(DjangoModelFactory):
    """A contract document with a small PDF in the private storage; pass
    ``subsequent_contract`` for a document of a subsequent contract (its contract follows)."""

    subsequent_contract = None
    contract = factory.LazyAttribute(
        lambda o: o.subsequent_contract.contract if o.subsequent_contract else ContractFactory()
    )
    title = factory.Sequence(lambda n: f"Pièce de marché {n}")
    file = factory.LazyAttribute(
        lambda o: ContentFile(b"%PDF-1.4 piece de marche", name=f"piece-{o.title[-4:]}.pdf")
    )

    class Meta:
        model = ContractDocument
