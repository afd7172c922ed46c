"""Demo content of the catalogue: the home page, purchase families, filières, holders, offers.

Everything is keyed on a stable identifier (slug, reference, document title, holder name), so a
second run finds what the first one built and creates nothing. The first offers are built like
an editor would (``add_child`` then a published revision); the extra offers asked for with
``--offers`` beyond :data:`DETAILED_OFFERS` are written in bulk (pages without revision, search
index filled in one pass) so that a catalogue of thousands of offers builds in seconds.
"""

import datetime
import io
import random
import time
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connections, router
from django.db.models import F
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Collection, Locale, Page, Site
from wagtail.search.backends import get_search_backend

from espace_site.cache import purge_page_cache

from ..choices import AccessMode, DocumentVisibility, OfferStatus
from ..models import (
    CatalogueDocument,
    CatalogueIndexPage,
    Holder,
    HomePage,
    Lot,
    OfferCalendarPage,
    OfferPage,
    OfferPageDocument,
    PurchaseFamily,
    SectorPage,
)

DETAILED_OFFERS = 40
ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@espace-acheteur.example"
ADMIN_PASSWORD = "demo-espace-acheteur"  # noqa: S105 (a published demo password, by design)


def site_address():
    """The demo Site's hostname and port: those of the public address (``PUBLIC_BASE_URL``),
    so that Wagtail's full URLs match the address the site is served at."""
    parts = urlsplit(settings.PUBLIC_BASE_URL)
    default_port = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default_port


# --- Helpers shared with help.services.demo ----------------------------------------------------


def stream(*blocks):
    """A StreamField value in its raw form, from ``(block name, value)`` pairs."""
    return [{"type": name, "value": value, "id": str(uuid.uuid4())} for name, value in blocks]


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(html):
    return ("paragraph", html)


def callout(title, html):
    return ("callout", {"title": title, "text": html})


def steps(title, items):
    """A *steps* block from ``(title, html)`` pairs."""
    return ("steps", {"title": title, "steps": [{"title": t, "text": h} for t, h in items]})


def link(label, page=None, url=""):
    return ("link", {"label": label, "page": page.pk if page else None, "url": url})


def ensure_page(parent, model, slug, **fields):
    """The child of ``parent`` with this slug; created and published (with a revision) if absent.

    Returns ``(page, created)``. An existing page is left as its editors made it.
    """
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


# --- Generated files ------------------------------------------------------------------------------


def _ascii(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def pdf_bytes(title):
    """A minimal, valid one-page PDF showing ``title``."""
    text = _ascii(title).replace("\\", "").replace("(", "").replace(")", "")[:90]
    content = f"BT /F1 14 Tf 56 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def zip_bytes(title):
    """A small zip of market documents: a notice and a PDF."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LISEZ-MOI.txt", f"{title}\n\nDocuments de démonstration.\n")
        archive.writestr("CCTP.pdf", pdf_bytes(f"{title} - CCTP"))
    return out.getvalue()


def docx_bytes(title):
    """A minimal Word document (a zip with the three parts Word needs)."""
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{escaped}</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


FILE_BUILDERS = {"pdf": pdf_bytes, "zip": zip_bytes, "docx": docx_bytes}


def _document(title, extension, visibility, family=None, updated_at=None):
    """The catalogue document with this title, created with a small generated file if absent."""
    document = CatalogueDocument.objects.filter(title=title).first()
    if document is not None:
        return document
    document = CatalogueDocument(title=title, visibility=visibility)
    if visibility == DocumentVisibility.FAMILY:
        document.family = family
    name = f"{slugify(title)[:80]}.{extension}"
    document.file.save(name, ContentFile(FILE_BUILDERS[extension](title)), save=False)
    document.file_size = document.file.size
    document.save()
    if updated_at:
        CatalogueDocument.objects.filter(pk=document.pk).update(updated_at=updated_at)
    return document


# --- Content --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferIdea:
    title: str
    summary: str
    lots: tuple = ()


@dataclass(frozen=True)
class FamilyData:
    slug: str
    name: str
    description: str
    holders: tuple
    offers: tuple = field(default=())


FAMILIES = (
    FamilyData(
        "biomedical",
        "Biomédical",
        "Équipements d'imagerie, de bloc opératoire, de monitorage et de soins, avec leur "
        "maintenance.",
        ("CEFLA", "Imagerie Diffusion Santé", "Électro Médical Services"),
        (
            OfferIdea(
                "Échographes polyvalents et portables",
                "La centrale vous propose l'acquisition d'échographes pour les services "
                "d'urgence, de cardiologie et d'obstétrique, avec formation des équipes.",
                ("Échographes de cardiologie", "Échographes portables", "Sondes et accessoires"),
            ),
            OfferIdea(
                "Moniteurs multiparamétriques",
                "Une offre complète de surveillance des patients en soins critiques et en "
                "hospitalisation conventionnelle.",
                ("Moniteurs de soins critiques", "Télémétrie"),
            ),
            OfferIdea(
                "Maintenance des équipements d'imagerie",
                "Contrats de maintenance multimarque des scanners, IRM et tables de radiologie.",
                ("Scanners et IRM", "Radiologie conventionnelle"),
            ),
            OfferIdea(
                "Tables d'opération et éclairages opératoires",
                "Équipez vos blocs opératoires de tables motorisées et d'éclairages LED.",
                ("Tables d'opération", "Éclairages opératoires"),
            ),
        ),
    ),
    FamilyData(
        "batiment-energie",
        "Bâtiment et énergie",
        "Fourniture d'énergie, travaux, maintenance technique et efficacité énergétique des "
        "bâtiments hospitaliers.",
        ("Énergies Hospitalières", "Bâtisanté Ingénierie", "Thermique Services Publics"),
        (
            OfferIdea(
                "Fourniture d'électricité verte",
                "Achetez une électricité d'origine renouvelable à prix maîtrisé, avec un suivi "
                "de vos consommations.",
                ("Sites de plus de 36 kVA", "Petits sites"),
            ),
            OfferIdea(
                "Fourniture de gaz naturel",
                "Un groupement d'achat de gaz naturel pour les établissements de santé et "
                "médico-sociaux.",
                ("Gaz naturel",),
            ),
            OfferIdea(
                "Maintenance des installations de chauffage et de ventilation",
                "Exploitation et maintenance multitechnique de vos installations CVC.",
                ("Chauffage", "Traitement d'air"),
            ),
            OfferIdea(
                "Contrôles réglementaires des bâtiments",
                "Vérifications périodiques électriques, ascenseurs, sécurité incendie.",
                ("Installations électriques", "Sécurité incendie", "Ascenseurs"),
            ),
        ),
    ),
    FamilyData(
        "dispositifs-medicaux",
        "Dispositifs médicaux",
        "Dispositifs médicaux stériles et non stériles, implants, consommables de soins.",
        ("Médiprox France", "Orthomed Distribution", "Stérilis Santé"),
        (
            OfferIdea(
                "Pansements et compresses",
                "Une gamme complète de pansements techniques et de compresses stériles.",
                ("Pansements techniques", "Compresses stériles"),
            ),
            OfferIdea(
                "Perfusion et abords vasculaires",
                "Cathéters, prolongateurs, robinets et pompes à perfusion.",
                ("Cathéters", "Lignes de perfusion", "Pompes"),
            ),
            OfferIdea(
                "Gants d'examen et de chirurgie",
                "Gants en nitrile et en latex, stériles et non stériles.",
                ("Gants d'examen", "Gants chirurgicaux"),
            ),
            OfferIdea(
                "Implants orthopédiques",
                "Prothèses de hanche et de genou avec mise à disposition de l'ancillaire.",
                ("Hanche", "Genou"),
            ),
        ),
    ),
    FamilyData(
        "ehpad",
        "EHPAD",
        "Équipements, mobilier et services adaptés aux établissements d'hébergement pour "
        "personnes âgées dépendantes.",
        ("Soins Seniors Équipement", "Mobilier Collectif de l'Ouest", "Confort Résidence"),
        (
            OfferIdea(
                "Lits médicalisés et matelas",
                "Lits électriques à hauteur variable et matelas de prévention des escarres.",
                ("Lits médicalisés", "Matelas et surmatelas"),
            ),
            OfferIdea(
                "Mobilier des espaces de vie",
                "Fauteuils de repos, tables et chaises adaptés aux résidents.",
                ("Mobilier de chambre", "Mobilier des espaces communs"),
            ),
            OfferIdea(
                "Protections pour l'incontinence",
                "Changes complets, protections anatomiques et accompagnement des équipes.",
                ("Protections",),
            ),
            OfferIdea(
                "Téléassistance et détection des chutes",
                "Solutions d'appel malade et de détection des chutes pour les résidents.",
                ("Appel malade", "Détection des chutes"),
            ),
        ),
    ),
    FamilyData(
        "equipements-generaux",
        "Équipements généraux",
        "Fournitures, mobilier, véhicules, titres restaurant et équipements du quotidien des "
        "établissements.",
        ("UP COOP", "BIMPLI", "Bureau Service Public", "Flotte Santé Mobilité"),
        (
            OfferIdea(
                "Fournitures de bureau et papier",
                "Fournitures de bureau, papier recyclé et consommables d'impression.",
                ("Fournitures de bureau", "Papier"),
            ),
            OfferIdea(
                "Véhicules de service et location longue durée",
                "Véhicules électriques et hybrides pour les équipes mobiles.",
                ("Véhicules particuliers", "Véhicules utilitaires"),
            ),
            OfferIdea(
                "Vêtements professionnels",
                "Tenues soignantes et vêtements de travail des services techniques.",
                ("Tenues soignantes", "Vêtements techniques"),
            ),
        ),
    ),
    FamilyData(
        "informatique-numerique",
        "Informatique et numérique",
        "Postes de travail, logiciels, infrastructures, cybersécurité et services numériques.",
        ("Numérisanté", "Datacentre Public", "Cyberveille Hospitalière"),
        (
            OfferIdea(
                "Postes de travail et périphériques",
                "Ordinateurs portables et fixes, écrans et accessoires, avec reprise du parc.",
                ("Ordinateurs", "Écrans et accessoires"),
            ),
            OfferIdea(
                "Audit et services de cybersécurité",
                "Tests d'intrusion, audits de configuration et accompagnement à la sécurité "
                "des systèmes d'information.",
                ("Audits", "Centre opérationnel de sécurité"),
            ),
            OfferIdea(
                "Hébergement de données de santé",
                "Hébergement certifié HDS des applications et des données de santé.",
                ("Hébergement",),
            ),
            OfferIdea(
                "Logiciels de gestion du temps de travail",
                "Planification et gestion des temps des personnels médicaux et non médicaux.",
                ("Licences", "Déploiement et formation"),
            ),
        ),
    ),
    FamilyData(
        "medicaments",
        "Médicaments",
        "Spécialités pharmaceutiques, solutés et produits de santé pour les pharmacies à usage "
        "intérieur.",
        ("Pharmadis Hospitalier", "Laboratoires Valmont", "Solutés de France"),
        (
            OfferIdea(
                "Anti-infectieux généraux",
                "Antibiotiques injectables et oraux pour les pharmacies à usage intérieur.",
                ("Formes injectables", "Formes orales"),
            ),
            OfferIdea(
                "Solutés massifs",
                "Solutés de perfusion en poches souples, avec livraison planifiée.",
                ("Solutés",),
            ),
            OfferIdea(
                "Médicaments génériques",
                "Un large catalogue de génériques à prix négociés.",
                ("Génériques",),
            ),
            OfferIdea(
                "Produits de nutrition clinique",
                "Nutrition entérale et compléments nutritionnels oraux.",
                ("Nutrition entérale", "Compléments oraux"),
            ),
        ),
    ),
    FamilyData(
        "restauration",
        "Restauration",
        "Denrées alimentaires, équipements de cuisine et prestations de restauration collective.",
        ("Restaurations Collectives Réunies", "Cuisines Pro Équipement", "Primeurs du Terroir"),
        (
            OfferIdea(
                "Denrées alimentaires d'épicerie",
                "Produits d'épicerie sèche, dont une part de produits biologiques et locaux.",
                ("Épicerie", "Produits biologiques"),
            ),
            OfferIdea(
                "Fruits et légumes frais",
                "Fruits et légumes de saison issus de circuits courts.",
                ("Fruits et légumes",),
            ),
            OfferIdea(
                "Équipements de cuisine professionnelle",
                "Fours mixtes, cellules de refroidissement et laverie.",
                ("Cuisson", "Froid", "Laverie"),
            ),
            OfferIdea(
                "Prestations de restauration collective",
                "Gestion déléguée de la restauration des patients et des personnels.",
                ("Restauration des patients", "Restaurant du personnel"),
            ),
        ),
    ),
    FamilyData(
        "laboratoire-biologie",
        "Laboratoire et biologie",
        "Automates, réactifs et consommables de biologie médicale.",
        ("Analyses Biomédicales Associées", "Réactifs & Automates", "Biolab Distribution"),
        (
            OfferIdea(
                "Automates de biochimie et réactifs",
                "Mise à disposition d'automates avec fourniture des réactifs associés.",
                ("Biochimie", "Immunoanalyse"),
            ),
            OfferIdea(
                "Hématologie et hémostase",
                "Analyseurs d'hématologie et d'hémostase, réactifs et maintenance.",
                ("Hématologie", "Hémostase"),
            ),
            OfferIdea(
                "Consommables de prélèvement",
                "Tubes, aiguilles et dispositifs de prélèvement sanguin sécurisés.",
                ("Prélèvement",),
            ),
            OfferIdea(
                "Biologie moléculaire",
                "Plateformes de PCR et kits de détection.",
                ("Plateformes", "Kits"),
            ),
        ),
    ),
    FamilyData(
        "services-prestations-intellectuelles",
        "Services et prestations intellectuelles",
        "Conseil, assistance juridique, formation, nettoyage, blanchisserie et autres services.",
        (
            "Conseil Achats Publics",
            "Juris Santé Avocats",
            "Blanchisserie Industrielle du Centre",
        ),
        (
            OfferIdea(
                "Conseil en organisation hospitalière",
                "Accompagnement des projets d'organisation des parcours et des services.",
                ("Organisation des soins", "Performance des fonctions support"),
            ),
            OfferIdea(
                "Assistance juridique en commande publique",
                "Conseil et représentation en droit de la commande publique.",
                ("Conseil", "Contentieux"),
            ),
            OfferIdea(
                "Blanchisserie et location de linge",
                "Location-entretien du linge plat et des tenues professionnelles.",
                ("Linge plat", "Tenues professionnelles"),
            ),
            OfferIdea(
                "Formation professionnelle continue",
                "Formations aux achats hospitaliers et au management des équipes.",
                ("Achats", "Management"),
            ),
        ),
    ),
)

CONTACT_NAMES = (
    ("Camille", "Martin"),
    ("Julien", "Bernard"),
    ("Sophie", "Lefèvre"),
    ("Thomas", "Moreau"),
    ("Claire", "Fournier"),
    ("Nicolas", "Girard"),
    ("Élodie", "Bonnet"),
    ("Antoine", "Mercier"),
    ("Isabelle", "Lambert"),
    ("Mathieu", "Faure"),
    ("Aurélie", "Rousseau"),
    ("Pierre", "Blanc"),
)


def _holder_contact(name, index):
    first, last = CONTACT_NAMES[index % len(CONTACT_NAMES)]
    domain = slugify(name) or "titulaire"
    return {
        "contact_name": f"{first} {last}",
        "email": f"{slugify(first)}.{slugify(last)}@{domain}.example.fr",
        "phone": f"01 {40 + index % 50:02d} {10 + index * 7 % 89:02d} {20 + index * 3 % 79:02d} 00",
        "website": f"https://www.{domain}.example.fr",
        "address": f"{10 + index} rue de la République\n75011 Paris",
    }


# --- Seeding --------------------------------------------------------------------------------------


class CatalogueSeeder:
    """Builds the catalogue part of the demo site; see :func:`seed_catalogue`."""

    def __init__(self, stdout=None, today=None):
        self.stdout = stdout
        self.today = today or timezone.localdate()
        self.families = {}
        self.sectors = {}
        self.holders = {}
        self.created = {"pages": 0, "offers": 0, "documents": 0}

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    # Site and tree --------------------------------------------------------------------------

    def home(self):
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            home = HomePage(
                title="Accueil",
                slug="accueil",
                intro="Le catalogue des offres de la centrale d'achat hospitalière, les guides "
                "pour en bénéficier et vos contacts.",
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created["pages"] += 1
        self._point_site_to(home)
        self._remove_welcome_page(root, home)
        return home

    @staticmethod
    def _point_site_to(home):
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        hostname, port = site_address()
        wanted = {
            "hostname": hostname,
            "port": port,
            "root_page_id": home.pk,
            "is_default_site": True,
            "site_name": "Espace Acheteur",
        }
        if site is None:
            Site.objects.create(**wanted)
            return
        if any(getattr(site, name) != value for name, value in wanted.items()):
            Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).delete()
            for name, value in wanted.items():
                setattr(site, name, value)
            site.save()

    @staticmethod
    def _remove_welcome_page(root, home):
        """Delete Wagtail's default welcome page (a bare ``Page`` at depth 2) once unused."""
        bare_page = ContentType.objects.get_for_model(Page)
        for page in root.get_children().filter(content_type=bare_page).exclude(pk=home.pk):
            if not Site.objects.filter(root_page=page).exists():
                page.delete()

    def catalogue_index(self, home):
        index, created = ensure_page(
            home,
            CatalogueIndexPage,
            "offres",
            title="Les offres",
            intro="<p>Retrouvez l'ensemble des offres de la centrale d'achat : filtrez par "
            "famille d'achat, par mode d'accès ou par disponibilité, ou recherchez une offre "
            "par sa référence, son titre ou son titulaire.</p>",
        )
        self.created["pages"] += created
        calendar, created = ensure_page(
            index,
            OfferCalendarPage,
            "calendrier",
            title="Calendrier des offres",
            intro="<p>Les offres de la centrale classées par mois de début et par mois de fin, "
            "pour anticiper vos renouvellements.</p>",
        )
        self.created["pages"] += created
        return index

    def purchase_families(self):
        for order, data in enumerate(FAMILIES, start=1):
            family, _ = PurchaseFamily.objects.get_or_create(
                slug=data.slug,
                defaults={"name": data.name, "description": data.description, "sort_order": order},
            )
            self.families[data.slug] = family
        all_holders = [name for data in FAMILIES for name in data.holders]
        for index, name in enumerate(all_holders):
            holder, _ = Holder.objects.get_or_create(
                name=name, defaults=_holder_contact(name, index)
            )
            self.holders[name] = holder

    def sector_pages(self, catalogue_index):
        for data in FAMILIES:
            family = self.families[data.slug]
            sector = SectorPage.objects.filter(family=family).first()
            if sector is None:
                sector, created = ensure_page(
                    catalogue_index,
                    SectorPage,
                    data.slug,
                    title=data.name,
                    family=family,
                    intro=data.description,
                    body=stream(
                        heading(f"La filière {data.name}"),
                        paragraph(
                            f"<p>Les acheteurs de la filière {data.name.lower()} construisent "
                            "avec les établissements adhérents des offres adaptées à leurs "
                            "besoins, de l'expression du besoin au suivi d'exécution des "
                            "marchés.</p>"
                        ),
                        callout(
                            "Une question sur cette filière ?",
                            "<p>Votre correspondant régional et l'équipe de la relation "
                            "adhérents vous répondent.</p>",
                        ),
                    ),
                )
                self.created["pages"] += created
            self.sectors[data.slug] = sector

    # Offers ----------------------------------------------------------------------------------

    def guide_offers(self):
        """The two offers the buyer's guide shows."""
        general = self.families["equipements-generaux"]
        self._offer(
            self.sectors["equipements-generaux"],
            slug="titres-restaurant-et-cartes-cadeaux",
            title="Titres restaurant et cartes cadeaux",
            reference="2023-R087-000-000-0000000",
            summary="La centrale met à votre disposition une offre comprenant la fourniture de "
            "titres restaurant et de cartes cadeaux dématérialisées.",
            start_date=datetime.date(2024, 1, 15),
            end_date=datetime.date(2027, 11, 1),
            access_mode=AccessMode.INTERMEDIARY,
            lots=[
                (2, "Titres restaurant et cartes cadeaux (UP COOP)", "UP COOP"),
                (1, "Titres restaurant et cartes cadeaux (BIMPLI)", "BIMPLI"),
            ],
            documents=[
                (
                    "2023-R087-002_DOCUMENTS DE MARCHÉ_UP COOP",
                    "zip",
                    DocumentVisibility.FAMILY,
                    datetime.datetime(2024, 2, 7, 10, 0, tzinfo=datetime.UTC),
                ),
                (
                    "2023-R087-001_DOCUMENTS DE MARCHÉ_BIMPLI",
                    "zip",
                    DocumentVisibility.FAMILY,
                    datetime.datetime(2024, 2, 7, 10, 0, tzinfo=datetime.UTC),
                ),
                (
                    "2023-R087-000-0000000_CCP",
                    "pdf",
                    DocumentVisibility.MEMBERS,
                    datetime.datetime(2024, 1, 16, 10, 0, tzinfo=datetime.UTC),
                ),
                (
                    "2023-R087-000-0000000_CSAC",
                    "docx",
                    DocumentVisibility.PUBLIC,
                    datetime.datetime(2024, 1, 15, 10, 0, tzinfo=datetime.UTC),
                ),
            ],
            family=general,
            body=stream(
                paragraph(
                    "<p>Vous êtes déjà adhérent de la centrale et souhaitez bénéficier de "
                    "l'offre :</p><ol><li>Connectez-vous</li><li>Téléchargez et complétez le "
                    "dossier d'adhésion (CSAC) dans la rubrique documents disponibles en bas "
                    "de page</li><li>Déposez vos documents dans l'espace de dépôt des "
                    "adhésions</li></ol>"
                ),
            ),
            advantages="<ul><li>Titres restaurant et cartes cadeaux 100 % dématérialisés"
            "</li><li>Deux titulaires au choix</li><li>Aucun frais de gestion pour les "
            "agents</li></ul>",
            pricing="<p>Frais d'adhésion : 0,5 % du montant annuel commandé, avec un minimum "
            "de 150 € HT par an.</p>",
        )
        self._offer(
            self.sectors["biomedical"],
            slug="retro-alveolaire-cefla",
            title="Retro-alvéolaire - CEFLA",
            reference="2021-058-007-000-00000000",
            summary="La centrale vous propose l'acquisition de retro-alvéolaire pour les "
            "domaines cliniques suivants : l'odontologie, la stomatologie et l'orthodontie.",
            start_date=datetime.date(2021, 9, 28),
            end_date=datetime.date(2025, 9, 27),
            access_mode=AccessMode.WHOLESALE,
            lots=[(1, "Générateurs retro-alvéolaires et capteurs", "CEFLA")],
            documents=[("2021-058-007-000-00000000_CGE", "pdf", DocumentVisibility.PUBLIC, None)],
            family=self.families["biomedical"],
            body=stream(
                paragraph(
                    "<p>Générateurs de radiologie retro-alvéolaire muraux ou sur pied mobile, "
                    "capteurs numériques et logiciels d'imagerie associés.</p>"
                ),
            ),
            advantages="<ul><li>Installation et formation comprises</li><li>Garantie de "
            "deux ans pièces et main-d'œuvre</li></ul>",
            pricing="<p>Prix catalogue remisé de 18 %, frais de gestion de la centrale inclus.</p>",
        )

    def generated_offer_data(self, number):
        """The ``number``-th generated offer: stable keys, dates around today."""
        rng = random.Random(f"offre-{number}")  # noqa: S311 (demo data)
        data = FAMILIES[number % len(FAMILIES)]
        idea = data.offers[(number // len(FAMILIES)) % len(data.offers)]
        round_ = number // (len(FAMILIES) * len(data.offers))
        title = idea.title if round_ == 0 else f"{idea.title} – {round_ + 1}e consultation"
        kind = number % 5
        if kind == 0:
            status = OfferStatus.UPCOMING
            start = self.today + datetime.timedelta(days=rng.randint(20, 240))
            end = start + datetime.timedelta(days=365 * rng.randint(2, 4))
        elif kind == 1:
            status = OfferStatus.EXPIRED
            end = self.today - datetime.timedelta(days=rng.randint(15, 400))
            start = end - datetime.timedelta(days=365 * rng.randint(2, 4))
        else:
            status = OfferStatus.AVAILABLE
            start = self.today - datetime.timedelta(days=rng.randint(30, 900))
            end = self.today + datetime.timedelta(days=rng.randint(60, 1200))
        mode = AccessMode.WHOLESALE if rng.random() < 0.4 else AccessMode.INTERMEDIARY
        holders = list(data.holders)
        rng.shuffle(holders)
        lots = [
            (position, lot_title, holders[(position - 1) % len(holders)])
            for position, lot_title in enumerate(idea.lots[: rng.randint(1, 3)], start=1)
        ]
        reference = f"{2019 + number % 7}-D{number:04d}-{number % 1000:03d}-000-0000000"
        return {
            "family_slug": data.slug,
            "slug": f"{slugify(title)[:70]}-{number:04d}",
            "title": title,
            "reference": reference,
            "summary": idea.summary,
            "start_date": start,
            "end_date": end,
            "access_mode": mode,
            "status": status,
            "lots": lots,
            "rng": rng,
        }

    def _generated_documents(self, data):
        rng = data["rng"]
        reference = data["reference"]
        kinds = [
            ("CCP", "pdf", DocumentVisibility.MEMBERS),
            ("Fiche de présentation", "pdf", DocumentVisibility.PUBLIC),
            ("DOCUMENTS DE MARCHÉ", "zip", DocumentVisibility.FAMILY),
            ("Bordereau des prix", "pdf", DocumentVisibility.FAMILY),
        ]
        rng.shuffle(kinds)
        first = (
            ("CSAC", "docx", DocumentVisibility.PUBLIC)
            if data["access_mode"] == AccessMode.INTERMEDIARY
            else ("CGE", "pdf", DocumentVisibility.PUBLIC)
        )
        chosen = [first, *kinds[: rng.randint(0, 3)]]
        return [(f"{reference}_{name}", ext, visibility, None) for name, ext, visibility in chosen]

    def detailed_offers(self, count):
        for number in range(count):
            data = self.generated_offer_data(number)
            family = self.families[data["family_slug"]]
            self._offer(
                self.sectors[data["family_slug"]],
                slug=data["slug"],
                title=data["title"],
                reference=data["reference"],
                summary=data["summary"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                access_mode=data["access_mode"],
                lots=data["lots"],
                documents=self._generated_documents(data),
                family=family,
                body=stream(
                    heading("Le périmètre de l'offre"),
                    paragraph(
                        f"<p>{data['summary']} L'offre est ouverte à tous les établissements "
                        "adhérents de la centrale, quelle que soit leur taille.</p>"
                    ),
                ),
                advantages="<ul><li>Des prix négociés pour l'ensemble des adhérents</li>"
                "<li>Un marché conforme au code de la commande publique</li>"
                "<li>Un suivi d'exécution par l'équipe de la filière</li></ul>",
                pricing="<p>Frais d'adhésion : "
                f"{data['rng'].choice(['0,5 %', '1 %', '1,5 %', '2 %'])} du montant commandé."
                "</p>",
            )

    def _offer(self, sector, *, lots, documents, family, **fields):
        reference = fields["reference"]
        if OfferPage.objects.filter(reference=reference).exists():
            return
        page = OfferPage(family=family, **fields)
        page.documents = [
            OfferPageDocument(
                document=_document(title, ext, visibility, family=family, updated_at=updated_at),
                sort_order=position,
            )
            for position, (title, ext, visibility, updated_at) in enumerate(documents)
        ]
        self.created["documents"] += len(documents)
        sector.add_child(instance=page)
        # In bulk, so that the offer is indexed once (with its holders) when it is published.
        Lot.objects.bulk_create(
            Lot(offer=page, number=number, title=title, holder=self.holders[holder_name])
            for number, title, holder_name in lots
        )
        page.save_revision().publish()
        self.created["pages"] += 1
        self.created["offers"] += 1

    def bulk_offers(self, first_number, count):
        """Offers ``first_number`` … ``first_number + count - 1``, written in bulk.

        Pages are inserted with their tree paths computed like treebeard does, without
        revisions (an editor's first edit creates one); lots and documents are inserted in bulk;
        the search index is filled in one pass at the end.
        """
        wanted = [self.generated_offer_data(n) for n in range(first_number, first_number + count)]
        existing = set(
            OfferPage.objects.filter(reference__in=[d["reference"] for d in wanted]).values_list(
                "reference", flat=True
            )
        )
        wanted = [d for d in wanted if d["reference"] not in existing]
        if not wanted:
            return
        now = timezone.now()
        content_type = ContentType.objects.get_for_model(OfferPage)
        locale = Locale.get_default()
        by_sector = {}
        for data in wanted:
            by_sector.setdefault(data["family_slug"], []).append(data)

        pages, offer_rows = [], []
        for family_slug, items in by_sector.items():
            sector = self.sectors[family_slug]
            last = sector.get_last_child()
            position = last._get_lastpos_in_path() if last else 0
            for data in items:
                position += 1
                page = Page(
                    content_type=content_type,
                    title=data["title"],
                    draft_title=data["title"],
                    slug=data["slug"],
                    path=Page._get_path(sector.path, sector.depth + 1, position),
                    depth=sector.depth + 1,
                    numchild=0,
                    url_path=f"{sector.url_path}{data['slug']}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
                pages.append(page)
                offer_rows.append((page, data, sector))
            Page.objects.filter(pk=sector.pk).update(numchild=F("numchild") + len(items))
        Page.objects.bulk_create(pages, batch_size=500)

        collection = Collection.get_first_root_node()
        offers, lots, documents, links = [], [], [], []
        for page, data, sector in offer_rows:
            offer = OfferPage(
                page_ptr_id=page.pk,
                **{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields},
                reference=data["reference"],
                summary=data["summary"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                access_mode=data["access_mode"],
                family_id=sector.family_id,
                advantages="<ul><li>Des prix négociés pour l'ensemble des adhérents</li></ul>",
                pricing="<p>Frais d'adhésion : 1 % du montant commandé.</p>",
            )
            offers.append(offer)
            for number, title, holder_name in data["lots"]:
                lots.append(
                    Lot(offer=offer, number=number, title=title, holder=self.holders[holder_name])
                )
            # The indexer reads ``holder_names`` three times per offer: give it the value now
            # rather than three queries per offer.
            offer.holder_names = " ".join(holder for _, _, holder in data["lots"])
            documents_of_offer = self._generated_documents(data)[: 1 + (page.pk % 3 == 0)]
            for position, (title, ext, visibility, _) in enumerate(documents_of_offer):
                document = CatalogueDocument(
                    collection=collection,
                    title=title,
                    visibility=visibility,
                    family_id=sector.family_id if visibility == DocumentVisibility.FAMILY else None,
                )
                content = FILE_BUILDERS[ext](title)
                document.file.save(f"{slugify(title)[:80]}.{ext}", ContentFile(content), save=False)
                document.file_size = len(content)
                documents.append(document)
                links.append((offer, document, position))
        _insert_own_rows(OfferPage, offers)
        Lot.objects.bulk_create(lots, batch_size=500)
        CatalogueDocument.objects.bulk_create(documents, batch_size=500)
        OfferPageDocument.objects.bulk_create(
            [OfferPageDocument(page=o, document=d, sort_order=p) for o, d, p in links],
            batch_size=500,
        )
        get_search_backend().add_bulk(OfferPage, offers)
        purge_page_cache()  # what a publication does: bulk inserts send no signal
        self.created["pages"] += len(offers)
        self.created["offers"] += len(offers)
        self.created["documents"] += len(documents)

    def home_links(self, home, catalogue_index, help_index=None):
        """Give a freshly built home page its ways into the site (once)."""
        if home.body:
            return
        blocks = [
            heading("Bienvenue sur l'espace acheteur"),
            paragraph(
                "<p>Consultez l'ensemble du catalogue des offres, suivez l'actualité des offres "
                "qui vous intéressent et retrouvez vos points de contact.</p>"
            ),
            link("Parcourir les offres", page=catalogue_index),
        ]
        if help_index is not None:
            blocks.append(link("Trouver de l'aide", page=help_index))
        home.body = stream(*blocks)
        home.save_revision().publish()


def _insert_own_rows(model, objs):
    """Insert the rows of ``model``'s own table only (its parents' rows exist), in batches.

    ``bulk_create`` refuses multi-table inheritance; this is the insert it would run for the
    child table, values taken as they are (``raw``), as loading a fixture does.
    """
    fields = model._meta.local_concrete_fields
    connection = connections[router.db_for_write(model)]
    batch_size = max(connection.ops.bulk_batch_size(fields, objs), 1)
    for start in range(0, len(objs), batch_size):
        query = InsertQuery(model)
        query.insert_values(fields, objs[start : start + batch_size], raw=True)
        query.get_compiler(connection=connection).execute_sql(returning_fields=None)


def seed_catalogue(stdout=None, offers=DETAILED_OFFERS, detailed=DETAILED_OFFERS, today=None):
    """Build (or complete) the catalogue's demo content; returns the seeder, for its pages.

    ``offers`` counts every offer including the guide's two; the first ``detailed`` are built
    with revisions, the others in bulk.
    """
    seeder = CatalogueSeeder(stdout=stdout, today=today)
    home = seeder.home()
    catalogue_index = seeder.catalogue_index(home)
    seeder.purchase_families()
    seeder.sector_pages(catalogue_index)
    started = time.perf_counter()
    seeder.guide_offers()
    generated = max(offers - 2, 0)
    detailed_count = min(generated, max(detailed - 2, 0))
    seeder.detailed_offers(detailed_count)
    seeder.log(f"Offres détaillées : {time.perf_counter() - started:.1f} s")
    if generated > detailed_count:
        started = time.perf_counter()
        seeder.bulk_offers(detailed_count, generated - detailed_count)
        seeder.log(
            f"Offres supplémentaires ({generated - detailed_count}) : "
            f"{time.perf_counter() - started:.1f} s"
        )
    seeder.home_page = home
    seeder.catalogue_index_page = catalogue_index
    return seeder


def ensure_admin_user():
    """The demo superuser; returns ``(user, created)``. An existing account is left untouched."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=ADMIN_USERNAME).first()
    if user is not None:
        return user, False
    user = user_model.objects.create_superuser(
        username=ADMIN_USERNAME,
        email=ADMIN_EMAIL,
        password=ADMIN_PASSWORD,
        first_name="Administratrice",
        last_name="Démo",
    )
    return user, True
