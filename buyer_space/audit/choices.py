from django.db import models
from django.utils.translation import gettext_lazy as _


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
    API_TOKEN_CREATED = "jeton-cree", _("Jeton d'API créé")
    API_TOKEN_REVOKED = "jeton-revoque", _("Jeton d'API révoqué")
