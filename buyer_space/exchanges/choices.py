from django.db import models
from django.utils.translation import gettext_lazy as _


class ExchangeKind(models.TextChoices):
    QUESTION = "question", _("Question")
    INVOICE = "facture", _("Demande de facture")
    COMPLAINT = "reclamation", _("Réclamation")
    QUOTE = "devis", _("Demande de devis")


class ExchangeStatus(models.TextChoices):
    OPEN = "ouvert", _("Ouvert")
    ANSWERED = "repondu", _("Répondu")
    CLOSED = "clos", _("Clos")
