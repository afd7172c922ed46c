"""Fixed editorial texts of the catalogue, taken from the buyer's guide (section 9)."""

from django.utils.translation import gettext_lazy as _

from .choices import AccessMode, DocumentVisibility

#: *Bénéficiaire d'une offre intermédiaire*: the five steps of the guide.
INTERMEDIARY_STEPS = [
    _(
        "Connectez-vous pour accéder aux documents de marché, le cas échéant, et à la "
        "convention (CSAC) dans la rubrique « Documents disponibles »."
    ),
    _(
        "Téléchargez, complétez et signez votre convention (CSAC) ainsi que l'annexe de "
        "recensement de besoins le cas échéant."
    ),
    _(
        "Déposez ces documents accompagnés d'un bon de commande du montant des frais "
        "d'adhésion dans l'espace de dépôt des adhésions."
    ),
    _(
        "Passez commande auprès du titulaire du marché dès validation de la convention ou dès "
        "notification de votre marché subséquent par la centrale d'achat."
    ),
    _("Activez les notifications liées à cette offre en cliquant sur le symbole de la cloche."),
]

#: *Bénéficiaire d'une offre grossiste*: the five steps of the guide.
WHOLESALE_STEPS = [
    _(
        "Connectez-vous pour retrouver les CGE et les coordonnées du titulaire dans "
        "« Documents disponibles »."
    ),
    _(
        "Prenez contact avec le titulaire de l'offre pour évaluer votre besoin en vue d'un "
        "devis estimatif."
    ),
    _(
        "Une fois la proposition validée, la centrale d'achat vous envoie les documents "
        "nécessaires à la contractualisation et vous transmet un devis correspondant à celui "
        "validé avec le titulaire."
    ),
    _(
        "Renvoyez le devis complété et signé à la centrale d'achat, qui passera commande "
        "auprès du titulaire."
    ),
    _("Bénéficiez de votre produit ou service."),
]

BENEFICIARY_STEPS = {
    AccessMode.INTERMEDIARY: INTERMEDIARY_STEPS,
    AccessMode.WHOLESALE: WHOLESALE_STEPS,
}

#: How a restricted document is announced in place of its download link.
RESTRICTED_DOCUMENT_LABELS = {
    DocumentVisibility.MEMBERS: _("Réservé aux adhérents"),
    DocumentVisibility.FAMILY: _("Réservé aux acheteurs habilités"),
}

#: Human names of file extensions, as the guide shows them: "CSAC(Word)", "CCP(pdf)".
DOCUMENT_KIND_LABELS = {
    "doc": "Word",
    "docx": "Word",
    "odt": "Word",
    "rtf": "Word",
    "xls": "Excel",
    "xlsx": "Excel",
    "ppt": "PowerPoint",
    "pptx": "PowerPoint",
}

#: Where *Poser une question* and *Demander un devis* lead until the exchanges exist.
HELP_CONTACT_URL = "/aide/contacts/"
