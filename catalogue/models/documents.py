from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document, DocumentQuerySet
from wagtail.search import index
from wagtail.utils.file import hash_filelike

from espace_site.files import private_storage

from ..choices import DocumentVisibility


class CatalogueDocumentQuerySet(DocumentQuerySet):
    def public(self):
        return self.filter(visibility=DocumentVisibility.PUBLIC)


class CatalogueDocument(AbstractDocument):
    """A Wagtail document with a visibility; its file is kept out of the public media folder."""

    file = models.FileField(storage=private_storage, upload_to="documents", verbose_name=_("file"))
    visibility = models.CharField(
        _("visibilité"),
        max_length=20,
        choices=DocumentVisibility.choices,
        default=DocumentVisibility.PUBLIC,
        db_index=True,
    )
    family = models.ForeignKey(
        "catalogue.PurchaseFamily",
        verbose_name=_("famille d'achat"),
        help_text=_("Obligatoire pour un document réservé au droit d'une famille."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    updated_at = models.DateTimeField(_("dernière modification"), auto_now=True)

    admin_form_fields = (*Document.admin_form_fields, "visibility", "family")
    search_fields = [*AbstractDocument.search_fields, index.FilterField("visibility")]

    objects = CatalogueDocumentQuerySet.as_manager()

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def save(self, *args, **kwargs):
        # Wagtail's upload forms set the hash; a document made otherwise (an import, the demo)
        # gets one too, so that its download carries a real ETag, never an empty one.
        if self.file and not self.file_hash:
            with self.open_file() as handle:
                self.file_hash = hash_filelike(handle)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.visibility == DocumentVisibility.FAMILY and not self.family_id:
            raise ValidationError(
                {"family": _("Choisissez la famille d'achat dont le droit ouvre ce document.")}
            )

    @property
    def is_public(self):
        return self.visibility == DocumentVisibility.PUBLIC
