from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    DATES = "dates", _("Dates de l'offre modifiées")
    DOCUMENTS = "documents", _("Documents de marché mis à jour")
