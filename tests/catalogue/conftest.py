"""A small catalogue: two filières, offers in every status and mode, holders and documents."""

import datetime
import uuid
from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from catalogue.choices import AccessMode, DocumentVisibility
from catalogue.models import Holder, Lot, OfferPage
from espace_site.cache import purge_page_cache
from tests.factories.catalogue import (
    CatalogueDocumentFactory,
    HolderFactory,
    LotFactory,
    OfferCalendarPageFactory,
    OfferPageDocumentFactory,
    OfferPageFactory,
    PurchaseFamilyFactory,
    SectorPageFactory,
)


@dataclass
class Catalogue:
    index: object
    sectors: dict
    offers: dict
    holders: dict
    documents: dict = field(default_factory=dict)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def catalogue(catalogue_index):
    """Offers named by what the tests look for:

    - ``titres`` (équipements, intermédiaire, available; holders UP COOP and BIMPLI; documents of
      every visibility),
    - ``retro`` (biomédical, grossiste, available), ``scanner`` (biomédical, intermédiaire,
      upcoming), ``irm`` (biomédical, grossiste, expired), ``brouillon`` (not live).
    """
    equipment = PurchaseFamilyFactory(name="Équipements généraux", slug="equipements-generaux")
    biomedical = PurchaseFamilyFactory(name="Biomédical", slug="biomedical")
    sectors = {
        "equipements": SectorPageFactory(
            parent=catalogue_index, family=equipment, title="Équipements généraux"
        ),
        "biomedical": SectorPageFactory(
            parent=catalogue_index, family=biomedical, title="Biomédical"
        ),
    }
    offers = {
        "titres": OfferPageFactory(
            parent=sectors["equipements"],
            title="Titres restaurant et cartes cadeaux",
            slug="titres-restaurant",
            reference="2023-R087-000-000-0000000",
            summary="Fourniture de titres restaurant et de cartes cadeaux dématérialisées.",
            start_date=datetime.date(2024, 1, 15),
            end_date=max(datetime.date(2027, 11, 1), days(30)),
            access_mode=AccessMode.INTERMEDIARY,
            advantages="<ul><li>Cartes 100 % dématérialisées</li></ul>",
            pricing="<p>Frais d'adhésion : 0,5 % du montant commandé.</p>",
        ),
        "retro": OfferPageFactory(
            parent=sectors["biomedical"],
            title="Retro-alvéolaire - CEFLA",
            slug="retro-alveolaire",
            reference="2021-058-007-000-00000000",
            summary="Acquisition de retro-alvéolaire pour l'odontologie et la stomatologie.",
            start_date=days(-100),
            end_date=days(100),
            access_mode=AccessMode.WHOLESALE,
            video_url="https://videos.example.org/retro-alveolaire.mp4",
        ),
        "scanner": OfferPageFactory(
            parent=sectors["biomedical"],
            title="Scanners d'imagerie médicale",
            slug="scanners",
            reference="2025-B001-000-000-0000000",
            summary="Scanners et maintenance.",
            start_date=days(30),
            end_date=days(400),
            access_mode=AccessMode.INTERMEDIARY,
            video_url="https://www.youtube.com/watch?v=abcdef",
        ),
        "irm": OfferPageFactory(
            parent=sectors["biomedical"],
            title="IRM et maintenance",
            slug="irm",
            reference="2019-B002-000-000-0000000",
            summary="Imagerie par résonance magnétique.",
            start_date=days(-800),
            end_date=days(-1),
            access_mode=AccessMode.WHOLESALE,
        ),
        "brouillon": OfferPageFactory(
            parent=sectors["biomedical"],
            title="Offre en préparation",
            slug="brouillon",
            reference="2026-B003-000-000-0000000",
            live=False,
        ),
    }
    holders = {
        "upcoop": HolderFactory(
            name="UP COOP", contact_name="Camille Martin", phone="01 52 94 56 00"
        ),
        "bimpli": HolderFactory(name="BIMPLI", contact_name="Julien Bernard"),
        "cefla": HolderFactory(name="CEFLA Dental"),
    }
    LotFactory(
        offer=offers["titres"], number=1, title="Titres restaurant", holder=holders["bimpli"]
    )
    LotFactory(offer=offers["titres"], number=2, title="Cartes cadeaux", holder=holders["upcoop"])
    LotFactory(offer=offers["retro"], number=1, title="Capteurs", holder=holders["cefla"])
    documents = {
        "csac": CatalogueDocumentFactory(title="2023-R087-000-0000000_CSAC", file_size=72602),
        "ccp": CatalogueDocumentFactory(
            title="2023-R087-000-0000000_CCP",
            file_size=488346,
            visibility=DocumentVisibility.MEMBERS,
        ),
        "market": CatalogueDocumentFactory(
            title="2023-R087-002_DOCUMENTS DE MARCHÉ_UP COOP",
            file_size=37119590,
            visibility=DocumentVisibility.FAMILY,
            family=equipment,
        ),
    }
    for order, document in enumerate(documents.values()):
        OfferPageDocumentFactory(page=offers["titres"], document=document, sort_order=order)
    for offer in offers.values():
        offer.refresh_from_db()
    return Catalogue(
        index=catalogue_index,
        sectors=sectors,
        offers=offers,
        holders=holders,
        documents=documents,
    )


@pytest.fixture
def calendar_page(catalogue_index):
    return OfferCalendarPageFactory(parent=catalogue_index)


def add_offers(sector, count, start=0):
    """Add ``count`` live offers under ``sector`` in bulk (tree paths computed like treebeard's,
    no revisions, one lot each, indexed in one pass): hundreds of offers in a second."""
    today = timezone.localdate()
    content_type = ContentType.objects.get_for_model(OfferPage)
    locale = Locale.get_default()
    holder, _ = Holder.objects.get_or_create(name="Titulaire de masse")
    sector.refresh_from_db()
    last = sector.get_last_child()
    position = last._get_lastpos_in_path() if last else 0
    pages = []
    for n in range(start, start + count):
        position += 1
        slug = f"offre-de-masse-{n}"
        pages.append(
            Page(
                content_type=content_type,
                title=f"Offre de masse {n}",
                draft_title=f"Offre de masse {n}",
                slug=slug,
                path=Page._get_path(sector.path, sector.depth + 1, position),
                depth=sector.depth + 1,
                url_path=f"{sector.url_path}{slug}/",
                live=True,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
        )
    Page.objects.bulk_create(pages)
    Page.objects.filter(pk=sector.pk).update(numchild=F("numchild") + count)
    offers = []
    for n, page in enumerate(pages, start=start):
        offer = OfferPage(
            page_ptr_id=page.pk,
            **{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields},
            reference=f"2024-M{n:05d}-000-000-0000000",
            summary="Une offre parmi d'autres.",
            start_date=today + datetime.timedelta(days=(n % 3) * 250 - 300),
            end_date=today + datetime.timedelta(days=(n % 3) * 250 - 50),
            access_mode=AccessMode.INTERMEDIARY if n % 2 else AccessMode.WHOLESALE,
            family_id=sector.family_id,
        )
        offer.save_base(raw=True, force_insert=True)
        offer.holder_names = holder.name
        offers.append(offer)
    Lot.objects.bulk_create(
        [Lot(offer=offer, number=1, title="Lot unique", holder=holder) for offer in offers]
    )
    get_search_backend().add_bulk(OfferPage, offers)
    purge_page_cache()  # what publishing them would do: bulk inserts send no signal
    sector.refresh_from_db()
    return offers
