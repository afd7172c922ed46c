"""Serializer fields of the catalogue's ``api_fields``.

The models import this module while Django loads them: it must not import models nor the
Wagtail API views (which need the app registry ready).
"""

import functools

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils.translation import get_language
from rest_framework import serializers
from wagtail.api.utils import get_full_url

from ..choices import DocumentVisibility


class ReadOnlyField(serializers.Field):
    """A field of the API, which only reads."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class WholeObjectField(ReadOnlyField):
    """A read-only field computed from the whole object rather than from one attribute."""

    def get_attribute(self, instance):
        return instance


@functools.lru_cache(maxsize=256)
def choice_label(choices_class, value, language):
    """The label of a choice in a language, translated once (not once per item of a listing)."""
    try:
        return str(choices_class(value).label)
    except ValueError:
        return ""


class PluginOfferField(WholeObjectField):
    """A field a plugin adds to the offers (``catalogue.hooks.OfferApiField``)."""

    def __init__(self, api_field, **kwargs):
        self.api_field = api_field
        super().__init__(**kwargs)

    def to_representation(self, offer):
        return self.api_field.value(offer, self.context.get("request"))


class LabelledChoiceField(ReadOnlyField):
    """A choice as ``{"value": "disponible", "label": "Disponible"}``."""

    def __init__(self, choices, **kwargs):
        self.choices_class = choices
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {
            "value": str(value),
            "label": choice_label(self.choices_class, value, get_language()),
        }


class PurchaseFamilyField(ReadOnlyField):
    """A purchase family, nested in the pages that present or belong to it:
    ``{"id", "name", "slug"}`` (a plain field: a nested serializer per offer of a listing cost
    more than the offer's own fields)."""

    def to_representation(self, family):
        return {"id": family.id, "name": family.name, "slug": family.slug}


class RequestHtmlUrlField(WholeObjectField):
    """Wagtail's ``html_url`` on the site's public address (``PUBLIC_BASE_URL``), not the
    Site record's host and port; computed with the request, so that the sites' root paths are
    read once per request, not once per page of a listing."""

    def to_representation(self, page):
        try:
            url = page.get_url(request=self.context.get("request"))
        except NoReverseMatch:
            return None
        if url and url.startswith("/"):
            return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{url}"
        return url


HOLDER_FIELDS = ("id", "name", "contact_name", "email", "phone", "website", "address")


def attach_holder_rows(offers):
    """Give each offer the rows of its lots and holders (``offer.holder_rows``: ``(number,
    title, {holder fields})`` in lot order) in one query of plain values: lot and holder
    instances built through a prefetch cost more than the rest of a listing."""
    from ..models import Lot  # this module is imported while the models load

    rows = {offer.pk: [] for offer in offers}
    lots = (
        Lot.objects.filter(offer_id__in=list(rows))
        .order_by("number")
        .values_list("offer_id", "number", "title", *(f"holder__{name}" for name in HOLDER_FIELDS))
    )
    for offer_id, number, title, *holder in lots:
        rows[offer_id].append((number, title, dict(zip(HOLDER_FIELDS, holder, strict=True))))
    for offer in offers:
        offer.holder_rows = rows[offer.pk]


class OfferHoldersField(WholeObjectField):
    """*Les contacts titulaires*: each holder of the offer once, with its lots in lot order:
    ``{"id", "name", "contact_name", "email", "phone", "website", "address", "lots": [{"number",
    "title"}]}``.

    Reads ``offer.holder_rows``, which a listing attaches for its whole page and a single offer
    reads here. The entries are plain dictionaries of the model values: a nested serializer per
    lot would cost more than the rest of the offer.
    """

    def to_representation(self, offer):
        if not hasattr(offer, "holder_rows"):
            attach_holder_rows([offer])
        holders = {}
        for number, title, holder in offer.holder_rows:
            entry = holders.get(holder["id"])
            if entry is None:
                entry = holders[holder["id"]] = {**holder, "lots": []}
            entry["lots"].append({"number": number, "title": title})
        return list(holders.values())


def public_document_links(offer):
    """The offer's document links whose document is public, in the editor's order.

    Uses the prefetched links when the API listing prefetched them; the visibility is checked
    here again so that no code path can ever serialize a restricted document.
    """
    prefetched = getattr(offer, "_prefetched_objects_cache", {}).get("documents")
    if prefetched is None:
        links = offer.documents.filter(
            document__visibility=DocumentVisibility.PUBLIC
        ).select_related("document")
    else:
        links = prefetched
    links = sorted(links, key=lambda link: (link.sort_order is None, link.sort_order or 0))
    return [link for link in links if link.document.visibility == DocumentVisibility.PUBLIC]


def document_size(document):
    """The file size in bytes, read from the stored value or the storage (never saved here)."""
    if document.file_size is not None:
        return document.file_size
    try:
        return document.file.size
    except (OSError, ValueError):
        return None


class DocumentSizeField(WholeObjectField):
    """The size of a document's file in bytes."""

    def to_representation(self, document):
        return document_size(document)


class PrefetchedTagsField(ReadOnlyField):
    """Tag names, read from the prefetched tags (Wagtail's own field queries once per item)."""

    def to_representation(self, tags):
        return sorted(tag.name for tag in tags.all())


class OfferDocumentsField(WholeObjectField):
    """*Documents disponibles*: the offer's **public** documents only."""

    def to_representation(self, offer):
        request = self.context.get("request")
        updated_at = serializers.DateTimeField()
        documents = []
        for link in public_document_links(offer):
            document = link.document
            documents.append(
                {
                    "id": document.id,
                    "title": document.title,
                    "download_url": get_full_url(request, document.url),
                    "size": document_size(document),
                    "extension": document.file_extension.lower(),
                    "updated_at": updated_at.to_representation(document.updated_at),
                }
            )
        return documents
