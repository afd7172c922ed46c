"""Helpers of the subscription and notification tests: an offer published like an editor does
(a revision, then its publication), its documents, and its subscribers."""

import datetime

from django.core.files.base import ContentFile

from buyer_space.notifications.models import Subscription
from catalogue.choices import DocumentVisibility
from catalogue.models import OfferPageDocument
from tests.factories.catalogue import CatalogueDocumentFactory, OfferPageFactory, SectorPageFactory


def make_offer(catalogue_index, family, **fields):
    """A live offer under a filière of ``family``, published once (its snapshot is recorded)."""
    sector = SectorPageFactory(parent=catalogue_index, family=family, title=family.name)
    fields.setdefault("start_date", datetime.date(2025, 1, 15))
    fields.setdefault("end_date", datetime.date(2027, 12, 31))
    offer = OfferPageFactory(parent=sector, title="Titres restaurant", **fields)
    publish(offer)
    return offer


def publish(offer, **changes):
    """Change fields of the offer, save a revision and publish it, as the admin's *Publier*."""
    for name, value in changes.items():
        setattr(offer, name, value)
    revision = offer.save_revision()
    revision.publish()
    offer.refresh_from_db()
    return revision


def document(title="CCAP", visibility=DocumentVisibility.PUBLIC, family=None, content=None):
    doc = CatalogueDocumentFactory(
        title=title,
        visibility=visibility,
        family=family,
        file=ContentFile(content or f"%PDF-1.4 {title}".encode(), name=f"{title}.pdf"),
    )
    doc._set_document_file_metadata()
    doc.save()
    return doc


def attach(offer, *documents):
    """Add documents to the offer's *Documents disponibles* (saved with the next revision)."""
    for doc in documents:
        offer.documents.add(OfferPageDocument(document=doc))


def detach(offer, doc):
    offer.documents = [link for link in offer.documents.all() if link.document_id != doc.pk]


def replace_file(doc, content):
    """A new file for the document, as an editor uploads it in the document library."""
    doc.file = ContentFile(content, name=f"{doc.title}-v2.pdf")
    doc._set_document_file_metadata()
    doc.save()


def follow(user, offer, email=True):
    return Subscription.objects.create(user=user, offer=offer, email_enabled=email)
