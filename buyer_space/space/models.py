from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buyer_space.space.choices import DataFileKind, OtherDocumentCategory
from espace_site.files import GeneratedName, private_storage


class Newsletter(models.Model):
    """A newsletter of the centre buyers can subscribe to from their personal information."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)
    subscribers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abonnés"),
        blank=True,
        related_name="newsletters",
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("lettre d'information")
        verbose_name_plural = _("lettres d'information")

    def __str__(self):
        return self.name


class OtherDocument(models.Model):
    """*Autres documents*: administrative documents and GEB files, for one establishment or all."""

    title = models.CharField(_("titre"), max_length=255)
    category = models.CharField(
        _("catégorie"), max_length=20, choices=OtherDocumentCategory.choices, db_index=True
    )
    establishment = models.ForeignKey(
        "establishments.Establishment",
        verbose_name=_("établissement"),
        help_text=_("Laissez vide pour le rendre disponible à tous les établissements adhérents."),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="other_documents",
    )
    file = models.FileField(_("fichier"), storage=private_storage, upload_to=GeneratedName("other"))
    published_on = models.DateField(_("publié le"), default=timezone.localdate)

    class Meta:
        ordering = ["category", "-published_on", "title"]
        verbose_name = _("autre document")
        verbose_name_plural = _("autres documents")

    def __str__(self):
        return self.title


class DataFile(models.Model):
    """A *fichier de données*: an Excel report of one establishment for one period."""

    establishment = models.ForeignKey(
        "establishments.Establishment",
        verbose_name=_("établissement"),
        on_delete=models.CASCADE,
        related_name="data_files",
    )
    # Set for a GHT report: the whole group, for its support establishment's admins.
    group = models.ForeignKey(
        "establishments.EstablishmentGroup",
        verbose_name=_("GHT (rapport consolidé)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_files",
    )
    kind = models.CharField(_("type de rapport"), max_length=30, choices=DataFileKind.choices)
    period_start = models.DateField(_("début de période"))
    period_end = models.DateField(_("fin de période"))
    file = models.FileField(
        _("fichier"), storage=private_storage, upload_to=GeneratedName("reports")
    )
    created_at = models.DateTimeField(_("mis à disposition le"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-period_start"]
        verbose_name = _("fichier de données")
        verbose_name_plural = _("fichiers de données")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "kind", "period_start"],
                condition=models.Q(group__isnull=True),
                name="one_data_file_per_establishment_kind_and_period",
            ),
            models.UniqueConstraint(
                fields=["group", "kind", "period_start"],
                condition=models.Q(group__isnull=False),
                name="one_data_file_per_group_kind_and_period",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.period_start:%d/%m/%Y}"
