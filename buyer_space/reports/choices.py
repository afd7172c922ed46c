from django.db import models
from django.utils.translation import gettext_lazy as _


class Centre(models.TextChoices):
    """The centre's channel a ledger line went through (*centrale d'achat*)."""

    INTERMEDIARY = "intermediaire", _("Intermédiaire")
    WHOLESALE = "grossiste", _("Grossiste")
    RENTAL = "location", _("Location")


class LineKind(models.TextChoices):
    """Where the line stands in the ERP: from the quote to the paid invoice."""

    QUOTE = "devis", _("Devis en cours")
    ORDER = "commande", _("Commande validée")
    TO_INVOICE = "a-facturer", _("Titre à facturer")
    INVOICED = "facture", _("Titre facturé")


class ImportStatus(models.TextChoices):
    PENDING = "en-attente", _("En attente")
    RUNNING = "en-cours", _("En cours")
    DONE = "termine", _("Importé")
    REJECTED = "rejete", _("Rejeté (erreurs)")
    FAILED = "echec", _("Échec")


class ReportScope(models.TextChoices):
    ESTABLISHMENT = "etablissement", _("Établissement")
    GROUP = "ght", _("GHT (tous les membres)")


class ReportStatus(models.TextChoices):
    PENDING = "en-attente", _("En attente")
    RUNNING = "en-cours", _("En cours")
    READY = "pret", _("Disponible")
    FAILED = "echec", _("Échec")
