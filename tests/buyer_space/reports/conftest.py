"""The ledger's world: the profiles' establishments (tests.buyer_space.conftest), two offers of
the catalogue and a holder; helpers to write the ERP's files."""

import csv
import io
from dataclasses import dataclass

import pytest
from openpyxl import Workbook

from tests.buyer_space.conftest import make_world
from tests.factories.catalogue import HolderFactory, OfferPageFactory, SectorPageFactory

LEDGER_HEADER = [
    "siret",
    "reference_offre",
    "titulaire",
    "centrale",
    "nature",
    "numero_document",
    "numero_ligne",
    "date_document",
    "date_echeance",
    "libelle",
    "quantite",
    "montant_ht",
    "montant_ttc",
]
GAIN_HEADER = [
    "siret",
    "famille",
    "reference_offre",
    "debut_periode",
    "fin_periode",
    "montant_reference",
    "montant_paye",
    "gain",
]


@dataclass
class Ledger:
    world: object
    offer: object
    other_offer: object
    holder: object

    def line(self, establishment=None, **overrides):
        """A valid ledger row (a dict of the CSV's columns)."""
        row = {
            "siret": (establishment or self.world.establishment).siret,
            "reference_offre": self.offer.reference,
            "titulaire": self.holder.name,
            "centrale": "Intermédiaire",
            "nature": "Commande validée",
            "numero_document": "CMD-0001",
            "numero_ligne": "1",
            "date_document": "15/01/2024",
            "date_echeance": "",
            "libelle": "Gants d'examen nitrile",
            "quantite": "10",
            "montant_ht": "1 234,50",
            "montant_ttc": "1 481,40",
        }
        row.update(overrides)
        return row


@pytest.fixture
def ledger(page_tree):
    world = make_world()
    sector = SectorPageFactory(parent=page_tree["catalogue"], family=world.families[0])
    return Ledger(
        world=world,
        offer=OfferPageFactory(parent=sector, title="Gants et protections"),
        other_offer=OfferPageFactory(parent=sector, title="Titres restaurant"),
        holder=HolderFactory(name="Medisupplies SAS"),
    )


def csv_bytes(rows, header=LEDGER_HEADER, encoding="utf-8"):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=LEDGER_HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) for name in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
