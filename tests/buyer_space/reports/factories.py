import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from buyer_space.reports.choices import Centre, LineKind
from buyer_space.reports.models import LedgerLine, PurchaseGain


class LedgerLineFactory(DjangoModelFactory):
    centre = Centre.INTERMEDIARY
    kind = LineKind.ORDER
    document_number = factory.Sequence(lambda n: f"DOC-{n:06d}")
    line_number = 1
    document_date = datetime.date(2024, 1, 15)
    label = "Gants d'examen nitrile"
    quantity = Decimal("2")
    amount_excl_tax = Decimal("100.00")
    amount_incl_tax = Decimal("120.00")

    class Meta:
        model = LedgerLine


class PurchaseGainFactory(DjangoModelFactory):
    period_start = datetime.date(2024, 1, 1)
    period_end = datetime.date(2024, 6, 30)
    reference_amount = Decimal("1000.00")
    amount_paid = Decimal("800.00")
    gain = Decimal("200.00")

    class Meta:
        model = PurchaseGain
