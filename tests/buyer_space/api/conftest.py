"""The buyer API's world: issue 3's profiles (``tests/buyer_space/conftest.py``) with a
contract, its document, an exchange, a notification, a subscription, an other document and a
data file of *CH DE TEST*, and a token for each profile."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from buyer_space.api import services as tokens
from buyer_space.api.choices import TokenScope
from buyer_space.notifications.models import Notification, Subscription
from membership.deposits.services import deposits
from tests.factories.buyer_space import (
    AffiliationFactory,
    DataFileFactory,
    ExchangeAttachmentFactory,
    ExchangeFactory,
    ExchangeMessageFactory,
    OtherDocumentFactory,
)
from tests.factories.catalogue import OfferPageFactory
from tests.factories.membership import ContractDocumentFactory, ContractFactory
from tests.membership.deposits.deposit_helpers import form_data, good_zip, make_offer

API = "/api/espace/v1"


@dataclass
class ApiWorld:
    world: object
    offer: object
    contract: object
    document: object
    exchange: object
    attachment: object
    deposit_offer: object
    deposit: object
    notification: object
    other_document: object
    data_file: object
    tokens: dict

    def __getattr__(self, name):
        return getattr(self.world, name)


def make_api_world(world, catalogue_index):
    offer = OfferPageFactory(parent=catalogue_index, family=world.families[0])
    contract = ContractFactory(establishment=world.establishment, offer=offer)
    document = ContractDocumentFactory(contract=contract)
    exchange = ExchangeFactory(establishment=world.establishment, author=world.user)
    attachment = ExchangeAttachmentFactory(message=ExchangeMessageFactory(exchange=exchange))
    deposit_offer = make_offer(catalogue_index, world.families[1], reference="2024-Z")
    deposit_fields = form_data(world.establishment, archive=None)
    deposit_fields.pop("archive")
    deposit = deposits.create_deposit(
        user=world.admin,
        offer=deposit_offer,
        establishment=world.establishment,
        data=deposit_fields,
        archive=good_zip(),
    )
    notification = Notification.objects.create(
        user=world.user,
        offer=offer,
        kind="dates",
        title="Dates",
        message="Nouvelles dates.",
        change_key="k1",
    )
    Subscription.objects.create(user=world.user, offer=offer)
    other_document = OtherDocumentFactory(establishment=world.establishment)
    data_file = DataFileFactory(establishment=world.establishment)
    # The administrator is also a user of another establishment, so that a token limited to it
    # has rights of its own there.
    AffiliationFactory(establishment=world.other, user=world.admin)
    write = TokenScope.WRITE
    made = {
        name: tokens.create_token(user=world.account(name), name=name, scope=write)[1]
        for name in ("user", "admin", "other_admin", "ght_admin", "staff", "pending")
    }
    revoked, made["revoked"] = tokens.create_token(user=world.admin, name="r", scope=write)
    tokens.revoke_token(revoked, actor=world.admin)
    expired, made["expired"] = tokens.create_token(
        user=world.admin, name="e", scope=write, expires_in_days=1
    )
    expired.expires_at = timezone.now() - timedelta(seconds=1)
    expired.save(update_fields=["expires_at"])
    made["read_only"] = tokens.create_token(user=world.admin, name="ro")[1]
    made["limited"] = tokens.create_token(
        user=world.admin, name="l", scope=write, establishment=world.other
    )[1]
    return ApiWorld(
        world=world,
        offer=offer,
        contract=contract,
        document=document,
        exchange=exchange,
        attachment=attachment,
        deposit_offer=deposit_offer,
        deposit=deposit,
        notification=notification,
        other_document=other_document,
        data_file=data_file,
        tokens=made,
    )


def deposit_data(api_world, offer, **overrides):
    """The multipart body of ``POST /depots`` for ``offer``, on the world's establishment."""
    data = {
        "offre": offer.pk,
        "etablissement": api_world.establishment.pk,
        "raison_sociale": "CH de Test",
        "numero_de_marche": offer.reference,
        "email": "depot@ch-test.example",
        "telephone": "0123141516",
        "reference_de_commande": "EJ-2024/0042",
        "code_service_chorus": "SERVICE-ACHATS",
        "archive": good_zip(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def api_world(world, catalogue_index):
    return make_api_world(world, catalogue_index)


@pytest.fixture
def call(client):
    """``call(method, path, token=…, **kwargs)``: a request to the API with a bearer token."""

    def _call(method, path, token=None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return getattr(client, method.lower())(f"{API}{path}", headers=headers, **kwargs)

    return _call
