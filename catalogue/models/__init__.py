from .documents import CatalogueDocument
from .pages import (
    CatalogueIndexPage,
    HomePage,
    OfferCalendarPage,
    OfferPage,
    OfferPageDocument,
    SectorPage,
)
from .snippets import Holder, Lot, PurchaseFamily

__all__ = [
    "CatalogueDocument",
    "CatalogueIndexPage",
    "HomePage",
    "Holder",
    "Lot",
    "OfferCalendarPage",
    "OfferPage",
    "OfferPageDocument",
    "PurchaseFamily",
    "SectorPage",
]
