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


class AuditAction(models.TextChoices):
    REGISTERED = "inscription", _("Inscription")
    EMAIL_CONFIRMED = "email-confirme", _("Adresse e-mail confirmée")
    VALIDATED = "validation", _("Validation du rattachement")
    REFUSED = "refus", _("Refus du rattachement")
    CREATED = "creation", _("Création de compte par un administrateur")
    ROLE_CHANGED = "role", _("Changement de rôle")
    RIGHTS_CHANGED = "droits", _("Changement des droits par familles d'achat")
    DELETED = "suppression", _("Suppression du compte")
    ENTITY_ACCEPTED = "entite-acceptee", _("Demande d'entité acceptée")
    ENTITY_REFUSED = "entite-refusee", _("Demande d'entité refusée")


class ExchangeKind(models.TextChoices):
    QUESTION = "question", _("Question")
    INVOICE = "facture", _("Demande de facture")
    COMPLAINT = "reclamation", _("Réclamation")
    QUOTE = "devis", _("Demande de devis")


class ExchangeStatus(models.TextChoices):
    OPEN = "ouvert", _("Ouvert")
    ANSWERED = "repondu", _("Répondu")
    CLOSED = "clos", _("Clos")


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


class NotificationKind(models.TextChoices):
    DATES = "dates", _("Dates de l'offre modifiées")
    DOCUMENTS = "documents", _("Documents de marché mis à jour")
