"""Shared pieces of the convention deposit tests: an intermédiaire offer, a good zip, the form."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue.choices import AccessMode
from catalogue.models import SectorPage
from tests.factories.catalogue import OfferPageFactory, SectorPageFactory

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def make_offer(catalogue_index, family, **kwargs):
    sector = SectorPage.objects.filter(family=family).first() or SectorPageFactory(
        parent=catalogue_index, family=family
    )
    defaults = {
        "title": "Titres restaurant et cartes cadeaux",
        "reference": "2023-R087-000-000-0000000",
        "start_date": datetime.date(2024, 1, 15),
        "end_date": datetime.date(2099, 11, 1),
        "access_mode": AccessMode.INTERMEDIARY,
        "family": family,
    }
    defaults.update(kwargs)
    return OfferPageFactory(parent=sector, **defaults)


def good_zip(name="convention.zip"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("convention-signee.pdf", PDF)
        archive.writestr("annexes/bon-de-commande.pdf", PDF)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def form_data(establishment, /, archive=None, **overrides):
    data = {
        "establishment": establishment.pk,
        "company_name": "Centre hospitalier de Test",
        "contract_number": "2023-R087-000-000-0000000",
        "email": "depot@ch-test.example",
        "phone": "01 23 14 15 16",
        "order_reference": "EJ-2024/0042",
        "chorus_service_code": "SERVICE-ACHATS",
        "message": "Merci de votre traitement.",
        "archive": good_zip() if archive is None else archive,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
