"""Demo content of the help section (the guide's section 10): articles, webconferences, contacts.

Idempotent like the catalogue's: pages are keyed on their slug, correspondents on their e-mail.
"""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from catalogue.services.demo import callout, ensure_page, heading, link, paragraph, steps, stream

from ..choices import Region
from ..models import (
    ContactPage,
    HelpIndexPage,
    HelpPage,
    RegionalCorrespondent,
    WebconferenceIndexPage,
    WebconferencePage,
)

INTERMEDIARY_STEPS = (
    (
        "Connectez-vous",
        "<p>Connectez-vous pour accéder aux documents de marché, le cas échéant, et à la "
        "convention (CSAC) dans la rubrique « Documents disponibles ».</p>",
    ),
    (
        "Complétez votre convention",
        "<p>Téléchargez, complétez et signez votre convention (CSAC) ainsi que l'annexe de "
        "recensement de besoins le cas échéant.</p>",
    ),
    (
        "Déposez votre dossier",
        "<p>Déposez ces documents accompagnés d'un bon de commande du montant des frais "
        "d'adhésion dans l'<b>espace de dépôt des adhésions</b>.</p>",
    ),
    (
        "Passez commande",
        "<p>Passez commande auprès du titulaire du marché dès validation de la convention ou dès "
        "notification de votre marché subséquent par la centrale.</p>",
    ),
    (
        "Suivez l'offre",
        "<p>Activez les notifications liées à cette offre en cliquant sur le symbole de la "
        "cloche.</p>",
    ),
)

WHOLESALE_STEPS = (
    (
        "Connectez-vous",
        "<p>Connectez-vous pour retrouver les <b>CGE</b> et les <b>coordonnées</b> du titulaire "
        "dans « Vos documents disponibles ».</p>",
    ),
    (
        "Évaluez votre besoin",
        "<p>Prenez contact avec le titulaire de l'offre pour évaluer votre besoin en vue d'un "
        "<b>devis estimatif</b>.</p>",
    ),
    (
        "Recevez votre devis",
        "<p>Une fois la <b>proposition validée</b>, la centrale vous envoie les documents "
        "nécessaires à la contractualisation et vous <b>transmet</b> un <b>devis</b> "
        "correspondant à celui validé avec le titulaire.</p>",
    ),
    (
        "Renvoyez le devis signé",
        "<p>Renvoyez le devis <b>complété</b> et <b>signé</b> à la centrale à l'adresse "
        "commandes@centrale-achat.example, qui passera commande auprès du titulaire.</p>",
    ),
    ("Bénéficiez de votre produit ou service", "<p>Le titulaire vous livre ou intervient.</p>"),
)

CORRESPONDENTS = (
    (Region.ILE_DE_FRANCE, "Sandrine Aubert", "01 40 27 10 01"),
    (Region.HAUTS_DE_FRANCE, "Olivier Delattre", "03 20 14 10 02"),
    (Region.GRAND_EST, "Nathalie Schmitt", "03 88 21 10 03"),
    (Region.BRETAGNE, "Yann Le Goff", "02 99 30 10 04"),
    (Region.PAYS_DE_LA_LOIRE, "Céline Guérin", "02 40 41 10 05"),
    (Region.NOUVELLE_AQUITAINE, "Fabrice Lacoste", "05 56 52 10 06"),
    (Region.OCCITANIE, "Laure Vidal", "05 61 63 10 07"),
    (Region.AUVERGNE_RHONE_ALPES, "Marc Perrin", "04 72 74 10 08"),
    (Region.PROVENCE_ALPES_COTE_D_AZUR, "Émilie Garcia", "04 91 85 10 09"),
)

UPCOMING_WEBCONFERENCES = (
    ("Découvrir l'espace acheteur", 14, "Une visite guidée du catalogue et du tableau de bord."),
    ("Les nouvelles offres de la filière biomédicale", 35, "Présentation par les acheteurs."),
    ("Réussir le dépôt de sa convention", 63, "Les étapes du dépôt, de la CSAC à la commande."),
)
PAST_WEBCONFERENCES = (
    ("Adhérer à la centrale d'achat", 20, "Les démarches d'adhésion expliquées pas à pas."),
    ("Les offres énergie de l'hiver", 55, "Électricité verte et gaz naturel : bilan et offres."),
    ("Gérer les droits des utilisateurs", 90, "Le rôle de l'administrateur d'établissement."),
    ("Les achats responsables à l'hôpital", 140, "Les fichiers GEB et les clauses durables."),
)


def _account_guide_body():
    return stream(
        paragraph(
            "<p>L'espace acheteur vous donne accès à l'ensemble du catalogue des offres, à un "
            "espace personnel (tableau de bord) pour vos documents contractuels et vos "
            "reportings, aux abonnements aux offres et à vos points de contact.</p>"
        ),
        heading("1. Deux profils différents"),
        paragraph(
            "<p><b>L'administrateur</b> gère les droits des utilisateurs de son ou ses "
            "établissements (validation, création, suppression et paramétrage des droits "
            "d'accès), a une vision complète de son tableau de bord, peut être administrateur à "
            "l'échelle d'un groupe d'établissements et accède aux pièces de marché en amont de "
            "l'adhésion si son établissement est adhérent.</p>"
            "<p><b>L'utilisateur</b> accède au tableau de bord (en dehors des données de "
            "facturation, des gains achats et des autres documents) et aux pièces de marché en "
            "amont de l'adhésion si son établissement est adhérent.</p>"
        ),
        heading("2. Création de compte utilisateur ou administrateur"),
        steps(
            "Pour créer votre compte",
            [
                (
                    "Renseignez vos informations",
                    "<p>Civilité, prénom, nom, e-mail et téléphone.</p>",
                ),
                (
                    "Choisissez votre entité juridique de rattachement",
                    "<p>Le champ est une liste dans laquelle vous devriez retrouver votre "
                    "établissement. Cochez « Administrateur de mon établissement » pour en faire "
                    "la demande.</p>",
                ),
                (
                    "Précisez votre poste",
                    "<p>Service, intitulé exact de votre poste et fonction.</p>",
                ),
            ],
        ),
        callout(
            "Vous ne trouvez pas votre établissement ?",
            "<p>Laissez le champ vide et passez à l'étape suivante : un second formulaire vous "
            "demande le nom de l'entité juridique, son SIRET, son adresse, son domaine "
            "d'activité, son statut et, le cas échéant, son GHT. La centrale vérifie alors "
            "votre éligibilité.</p>",
        ),
        heading("3. Le tableau de bord"),
        paragraph(
            "<p>Une fois connecté, ouvrez « Mon tableau de bord » depuis « Mon espace ». Vous y "
            "retrouvez vos coordonnées, vos abonnements aux lettres d'information, vos droits "
            "d'accès par familles d'achat, les administrateurs de votre structure et les "
            "informations de votre établissement.</p>"
        ),
        heading("4. Les rubriques"),
        paragraph(
            "<ul><li><b>Marchés en cours</b> : les marchés dont vous bénéficiez, leurs documents "
            "et vos marchés subséquents.</li><li><b>Échanges en cours</b> : poser une question, "
            "demander une facture, déposer une réclamation.</li><li><b>Autres documents</b> "
            "(administrateurs) : documents administratifs et fichiers GEB achats "
            "responsables.</li><li><b>Fichiers de données</b> (administrateurs) : reportings "
            "mensuels, hebdomadaires et semestriels de vos commandes, de votre facturation et "
            "de vos gains achats.</li></ul>"
        ),
        heading("5. Validation du compte"),
        paragraph(
            "<p>L'administrateur de votre établissement valide votre demande, soit depuis le lien "
            "reçu par e-mail, soit dans « Consulter les informations de mon établissement » → "
            "« Voir les utilisateurs » → « Utilisateurs en attente ». Si votre établissement n'a "
            "pas d'administrateur, la centrale valide votre compte. Votre administrateur peut "
            "aussi créer un compte pour vous.</p>"
        ),
        heading("6. Ajout ou retrait des droits"),
        steps(
            "",
            [
                ("Ouvrez votre tableau de bord", ""),
                ("Cliquez sur « Consulter les informations de mon établissement »", ""),
                ("Cliquez sur « Voir les utilisateurs »", ""),
                ("Sélectionnez le nom de la personne", ""),
                (
                    "Cochez ou décochez les droits",
                    "<p>Dans la section « Droits par familles d'achat », cochez ou décochez "
                    "les options puis validez.</p>",
                ),
            ],
        ),
        heading("7. Suppression de compte"),
        paragraph(
            "<p>Suivez le même parcours que pour modifier les droits : l'option « Supprimer "
            "l'utilisateur » se trouve en bas de la section « Droits par familles "
            "d'achat ».</p>"
        ),
    )


def seed_help(home, stdout=None, catalogue_index=None):
    """Build (or complete) the help section under ``home``; returns the help index page."""
    help_index, _ = ensure_page(
        home,
        HelpIndexPage,
        "aide",
        title="Aide",
        intro="<p>Tout ce qu'il faut savoir pour adhérer à la centrale, accéder à ses offres, "
        "créer votre compte et joindre vos interlocuteurs.</p>",
    )
    ensure_page(
        help_index,
        HelpPage,
        "adherer",
        title="Adhérer à la centrale d'achat",
        intro="Les démarches à suivre pour adhérer.",
        body=stream(
            paragraph(
                "<p>L'adhésion est gratuite et ouverte aux établissements publics de santé, aux "
                "établissements médico-sociaux et aux structures privées non lucratives.</p>"
            ),
            steps(
                "Les étapes de l'adhésion",
                [
                    ("Créez votre compte sur l'espace acheteur", ""),
                    (
                        "Téléchargez la convention d'adhésion",
                        "<p>Elle se trouve dans la rubrique « Documents disponibles » de "
                        "chaque offre.</p>",
                    ),
                    (
                        "Faites-la signer et déposez-la",
                        "<p>Déposez la convention signée dans l'espace de dépôt des adhésions.</p>",
                    ),
                ],
            ),
        ),
    )
    offers_help, _ = ensure_page(
        help_index,
        HelpPage,
        "les-offres",
        title="Les offres de la centrale d'achat",
        intro="Fiches filières, calendrier des offres et modalités d'accès.",
        body=stream(
            paragraph(
                "<p>Chaque famille d'achat est présentée par une fiche filière qui liste ses "
                "offres. Le calendrier des offres les classe par mois de début et de fin.</p>"
            ),
            *(
                [link("Les fiches filières et les offres", page=catalogue_index)]
                if catalogue_index
                else []
            ),
        ),
    )
    ensure_page(
        offers_help,
        HelpPage,
        "modalites-acces",
        title="Les modalités d'accès aux offres",
        intro="Bénéficier d'une offre en centrale intermédiaire ou en centrale grossiste.",
        body=stream(
            paragraph(
                "<p>Chaque offre indique son mode d'accès. En centrale <b>intermédiaire</b>, "
                "vous signez une convention et commandez directement auprès du titulaire ; en "
                "centrale <b>grossiste</b>, la centrale achète pour vous.</p>"
            ),
            steps("Bénéficiaire d'une offre intermédiaire", INTERMEDIARY_STEPS),
            steps("Bénéficiaire d'une offre grossiste", WHOLESALE_STEPS),
        ),
    )
    ensure_page(
        help_index,
        HelpPage,
        "creer-un-compte",
        title="Créer un compte sur l'espace acheteur",
        intro="Le guide de l'espace acheteur, de la création du compte à la gestion des droits.",
        body=_account_guide_body(),
    )
    # The guide's order: adhesion, offers, account creation, contacts, webconferences.
    _contacts(help_index)
    _webconferences(help_index)
    return help_index


def _on_a_weekday(moment):
    """Webconferences take place from Monday to Friday: a weekend date moves to the Monday."""
    return moment + datetime.timedelta(
        days=(7 - moment.weekday()) % 7 if moment.weekday() > 4 else 0
    )


def _webconferences(help_index):
    index, _ = ensure_page(
        help_index,
        WebconferenceIndexPage,
        "webconferences",
        title="Les webconférences",
        intro="<p>Inscrivez-vous aux prochaines webconférences de la centrale ou revoyez les "
        "précédentes.</p>",
    )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for title, days, description in UPCOMING_WEBCONFERENCES:
        slug = slugify(title)
        ensure_page(
            index,
            WebconferencePage,
            slug,
            title=title,
            starts_at=_on_a_weekday(now + datetime.timedelta(days=days)).replace(hour=10),
            duration_minutes=60,
            description=f"<p>{description}</p>",
            registration_url=f"https://webconferences.example/inscription/{slug}",
        )
    for title, days, description in PAST_WEBCONFERENCES:
        slug = slugify(title)
        ensure_page(
            index,
            WebconferencePage,
            slug,
            title=title,
            starts_at=_on_a_weekday(now - datetime.timedelta(days=days)).replace(hour=14),
            duration_minutes=45,
            description=f"<p>{description}</p>",
            replay_url=f"https://webconferences.example/replay/{slug}",
        )


def _contacts(help_index):
    for order, (region, name, phone) in enumerate(CORRESPONDENTS, start=1):
        first, last = name.split(" ", 1)
        email = f"{slugify(first)}.{slugify(last)}@centrale-achat.example"
        RegionalCorrespondent.objects.get_or_create(
            email=email,
            defaults={"region": region, "name": name, "phone": phone, "sort_order": order},
        )
    ensure_page(
        help_index,
        ContactPage,
        "contacts",
        title="Vos contacts",
        intro="<p>Un binôme d'interlocuteurs vous accompagne : votre correspondant régional et "
        "l'équipe de la relation adhérents.</p>",
        correspondent_role="<ul><li>Représentant de la centrale dans votre région</li>"
        "<li>Animateur du réseau à l'échelle régionale</li><li>À votre écoute pour répondre à "
        "vos questions</li><li>Prend en compte vos besoins pour l'amélioration continue de "
        "l'offre</li></ul>",
        director_name="Hélène Marchetti",
        director_email="h.marchetti@centrale-achat.example",
        director_phone="01 40 27 10 00",
        team_description="<ul><li>Un interlocuteur quotidien pour des informations sur la "
        "centrale d'achat</li><li>Des détails sur les offres et le suivi d'exécution des "
        "marchés</li><li>Des réponses à vos questions pratiques</li><li>Le lien avec nos "
        "experts</li></ul>",
        team_email="relation.adherents@centrale-achat.example",
        team_phone="01 40 27 10 10",
        contact_us="<p>Écrivez-nous à relation.adherents@centrale-achat.example ou appelez le "
        "01 40 27 10 10, du lundi au vendredi de 9 h à 17 h. Un réseau de 9 correspondants "
        "régionaux, piloté par une directrice de réseau, est implanté dans les "
        "territoires.</p>",
    )
