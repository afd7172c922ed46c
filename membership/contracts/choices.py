from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractOrigin(models.TextChoices):
    CONVENTION = "convention", _("Convention validée")
    SUBSEQUENT = "marche-subsequent", _("Marché subséquent notifié")


class ContractStatus(models.TextChoices):
    UPCOMING = "a-venir", _("À venir")
    ONGOING = "en-cours", _("En cours")
    ENDED = "termine", _("Terminé")
