from django.db import models
from django.utils.translation import gettext_lazy as _


class OtherDocumentCategory(models.TextChoices):
    ADHESION = "adhesion", _("Adhésion à la centrale")
    MEMBER_GUIDE = "guide-adherent", _("Guide de l'adhérent")
    CDA_BULLETIN = "bulletin-cda", _("Bulletin CDA")
    GEB = "geb", _("Fichiers GEB achats responsables")


class DataFileKind(models.TextChoices):
    MONTHLY_INTERMEDIARY = (
        "mensuel-intermediaire",
        _("Mes commandes et ma facturation en centrale d'achat intermédiaire (mensuel)"),
    )
    MONTHLY_WHOLESALE = (
        "mensuel-grossiste",
        _("Mes commandes et ma facturation en centrale d'achat grossiste (mensuel)"),
    )
    WEEKLY_INTERMEDIARY_BILLING = (
        "hebdo-intermediaire",
        _("Ma facturation hebdomadaire (intermédiaire)"),
    )
    HALF_YEARLY_GAINS = "semestriel-gains", _("Mes gains achats (semestriel)")
