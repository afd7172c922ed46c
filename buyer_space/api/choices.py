from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    READ = "read", _("Lecture seule")
    WRITE = "write", _("Lecture et écriture")


class OfferChangeKind(models.TextChoices):
    CREATED = "created", _("Créée")
    UPDATED = "updated", _("Modifiée")
    UNPUBLISHED = "unpublished", _("Dépubliée")
    DELETED = "deleted", _("Supprimée")
