import datetime

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from membership.choices import (
    ActivityDomain,
    EntityRequestStatus,
    GroupRole,
    LegalStatus,
    RevenueTitleMethod,
)
from membership.models import EntityRequest, Establishment, EstablishmentGroup
from membership.validators import luhn_check_digit


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
