from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessMode(models.TextChoices):
    INTERMEDIARY = "intermediaire", _("Intermédiaire")
    WHOLESALE = "grossiste", _("Grossiste")


class OfferStatus(models.TextChoices):
    UPCOMING = "a-venir", _("À venir")
    AVAILABLE = "disponible", _("Disponible")
    EXPIRED = "expiree", _("Expirée")


class DocumentVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "adherents", _("Réservé aux adhérents")
    FAMILY = "famille", _("Droit « Consulter les documents de marché » de la famille")
