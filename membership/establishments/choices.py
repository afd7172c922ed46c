from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityDomain(models.TextChoices):
    SANITARY = "sanitaire", _("Sanitaire (MCO, SSR, psychiatrie)")
    MEDICO_SOCIAL = "medico-social", _("Médico-social (EHPAD, handicap)")
    SOCIAL = "social", _("Social")
    TRAINING = "formation", _("Formation et recherche")
    OTHER = "autre", _("Autre")


class LegalStatus(models.TextChoices):
    PUBLIC = "public", _("Établissement public")
    PRIVATE_NON_PROFIT = "prive-non-lucratif", _("Établissement privé à but non lucratif (ESPIC)")
    PRIVATE_FOR_PROFIT = "prive-lucratif", _("Établissement privé à but lucratif")
    LOCAL_AUTHORITY = "collectivite", _("Collectivité territoriale")
    STATE = "etat", _("Administration de l'État")
    OTHER = "autre", _("Autre")


class RevenueTitleMethod(models.TextChoices):
    CHORUS = "chorus", _("Dépôt sur Chorus Pro")
    EMAIL = "email", _("Envoi par e-mail")
    POST = "courrier", _("Envoi par courrier")


class GroupRole(models.TextChoices):
    SUPPORT = "support", _("Établissement support")
    MEMBER = "partie", _("Établissement partie")


class EntityRequestStatus(models.TextChoices):
    PENDING = "en-attente", _("En attente de vérification")
    ACCEPTED = "acceptee", _("Acceptée")
    REFUSED = "refusee", _("Refusée")
