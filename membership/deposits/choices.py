from django.db import models
from django.utils.translation import gettext_lazy as _


class DepositStatus(models.TextChoices):
    RECEIVED = "recu", _("Reçu")
    VALIDATED = "valide", _("Validé")
    REJECTED = "rejete", _("Rejeté")
