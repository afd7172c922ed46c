from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    DATES = "dates", _("Dates de l'offre modifiées")
    DOCUMENTS = "documents", _("Documents de marché mis à jour")
    REPORT = "rapport", _("Nouveau fichier de données")


class EmailFrequency(models.TextChoices):
    """When the e-mails of a followed offer's changes are sent."""

    IMMEDIATE = "immediat", _("À chaque mise à jour")
    DAILY = "quotidien", _("Un résumé par jour")
    WEEKLY = "hebdomadaire", _("Un résumé par semaine")
