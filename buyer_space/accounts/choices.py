from django.db import models
from django.utils.translation import gettext_lazy as _


class Civility(models.TextChoices):
    MR = "M.", _("M.")
    MRS = "Mme", _("Mme")


class Function(models.TextChoices):
    BUYER = "acheteur", _("Acheteur / acheteuse")
    PURCHASING_DIRECTOR = "directeur-achats", _("Directeur / directrice des achats")
    GENERAL_DIRECTOR = "direction-generale", _("Direction générale")
    PHARMACIST = "pharmacien", _("Pharmacien / pharmacienne")
    BIOMEDICAL_ENGINEER = "ingenieur-biomedical", _("Ingénieur biomédical")
    BIOLOGIST = "biologiste", _("Biologiste")
    CARE_MANAGER = "cadre-sante", _("Cadre de santé")
    FINANCE = "finances", _("Finances / contrôle de gestion")
    TECHNICAL = "services-techniques", _("Services techniques")
    IT = "informatique", _("Informatique")
    OTHER = "autre", _("Autre")


class Role(models.TextChoices):
    ADMIN = "administrateur", _("Administrateur")
    USER = "utilisateur", _("Utilisateur")


class AffiliationStatus(models.TextChoices):
    PENDING = "en-attente", _("En attente")
    ACTIVE = "actif", _("Actif")
    REFUSED = "refuse", _("Refusé")
