import datetime

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from catalogue.choices import AccessMode, DocumentVisibility
from catalogue.models import (
    CatalogueDocument,
    CatalogueIndexPage,
    Holder,
    HomePage,
    Lot,
    OfferCalendarPage,
    OfferPage,
    OfferPageDocument,
    PurchaseFamily,
    SectorPage,
)


class PurchaseFamilyFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Famille {n}")
    slug = factory.Sequence(lambda n: f"famille-{n}")

    class Meta:
        model = PurchaseFamily
        django_get_or_create = ("slug",)


class HolderFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Titulaire {n}")
    contact_name = "Camille Martin"
    email = factory.Sequence(lambda n: f"contact{n}@titulaire.example")
    phone = "01 23 45 67 89"

    class Meta:
        model = Holder


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Accueil"
    slug = "accueil"

    class Meta:
        model = HomePage


class CatalogueIndexPageFactory(wagtail_factories.PageFactory):
    title = "Les offres"
    slug = "offres"

    class Meta:
        model = CatalogueIndexPage


class SectorPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda o: f"Filière {o.family.name}")
    slug = factory.LazyAttribute(lambda o: o.family.slug)
    family = factory.SubFactory(PurchaseFamilyFactory)

    class Meta:
        model = SectorPage


class OfferPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Offre {n}")
    slug = factory.Sequence(lambda n: f"offre-{n}")
    reference = factory.Sequence(lambda n: f"2024-R{n:03d}-000-000-0000000")
    summary = "Une offre de la centrale d'achat."
    start_date = datetime.date(2024, 1, 15)
    end_date = datetime.date(2099, 11, 1)
    access_mode = AccessMode.INTERMEDIARY

    class Meta:
        model = OfferPage


class OfferCalendarPageFactory(wagtail_factories.PageFactory):
    title = "Calendrier des offres"
    slug = "calendrier"

    class Meta:
        model = OfferCalendarPage


class LotFactory(DjangoModelFactory):
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Lot {n}")
    holder = factory.SubFactory(HolderFactory)

    class Meta:
        model = Lot


class CatalogueDocumentFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.LazyAttribute(
        lambda o: ContentFile(b"%PDF-1.4 contenu de test", name=f"{o.title}.pdf")
    )
    visibility = DocumentVisibility.PUBLIC

    class Meta:
        model = CatalogueDocument


class OfferPageDocumentFactory(DjangoModelFactory):
    document = factory.SubFactory(CatalogueDocumentFactory)

    class Meta:
        model = OfferPageDocument
