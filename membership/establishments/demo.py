# ruff: noqa: E501 — the demo table reads best with one establishment a line.
"""Demo establishments and GHT for ``manage.py seed_demo`` (idempotent: keyed on the SIRET).

Each establishment has a fixed serial number from which its SIRET is built (a public
establishment's ``26`` prefix, then the Luhn check digit), so a second run finds every one of them
and changes nothing, even after the staff edited them.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from membership.establishments.choices import (
    ActivityDomain,
    GroupRole,
    LegalStatus,
    RevenueTitleMethod,
)
from membership.establishments.models import Establishment, EstablishmentGroup
from membership.establishments.validators import luhn_check_digit

TEST_ESTABLISHMENT_NAME = "CH DE TEST"

SANITARY = ActivityDomain.SANITARY
MEDICO_SOCIAL = ActivityDomain.MEDICO_SOCIAL
PUBLIC = LegalStatus.PUBLIC
ESPIC = LegalStatus.PRIVATE_NON_PROFIT

# (serial, name, acronym, address, postcode, city, domain, legal status, annual spend in k€)
ESTABLISHMENTS = [
    (1, "CHU de Bordeaux", "CHUB", "12 rue Dubernat", "33400", "Talence", SANITARY, PUBLIC, 310000),
    (2, "CH de Libourne", "CHL", "112 rue de la Marne", "33500", "Libourne", SANITARY, PUBLIC, 42000),
    (3, "CH d'Arcachon", "CHA", "Avenue Jean Hameau", "33260", "La Teste-de-Buch", SANITARY, PUBLIC, 28000),
    (4, "CH de Sainte-Foy-la-Grande", "CHSF", "31 rue Pasteur", "33220", "Sainte-Foy-la-Grande", SANITARY, PUBLIC, 6500),
    (5, "EHPAD Le Clos des Vignes", "", "4 chemin des Vignes", "33330", "Saint-Émilion", MEDICO_SOCIAL, PUBLIC, 900),
    (6, "CH de Bazas", "", "Route de Pompéjac", "33430", "Bazas", SANITARY, PUBLIC, 5200),
    (7, "CHU de Nantes", "CHUN", "5 allée de l'Île Gloriette", "44000", "Nantes", SANITARY, PUBLIC, 280000),
    (8, "CH de Saint-Nazaire", "CHSN", "11 boulevard Georges Charpak", "44600", "Saint-Nazaire", SANITARY, PUBLIC, 51000),
    (9, "CH de Châteaubriant-Nozay-Pouancé", "CHNP", "9 rue de Verdun", "44110", "Châteaubriant", SANITARY, PUBLIC, 14000),
    (10, "CH Erdre et Loire", "CHEL", "160 rue du Verger", "44150", "Ancenis-Saint-Géréon", SANITARY, PUBLIC, 12500),
    (11, "EHPAD Les Jardins de l'Erdre", "", "2 rue des Jardins", "44240", "Sucé-sur-Erdre", MEDICO_SOCIAL, PUBLIC, 750),
    (12, "CHU de Lille", "CHUL", "2 avenue Oscar Lambret", "59000", "Lille", SANITARY, PUBLIC, 420000),
    (13, "CHU de Toulouse", "CHUT", "2 rue Viguerie", "31000", "Toulouse", SANITARY, PUBLIC, 390000),
    (14, "CHU de Rennes", "CHUR", "2 rue Henri Le Guilloux", "35000", "Rennes", SANITARY, PUBLIC, 260000),
    (15, "CHU Grenoble Alpes", "CHUGA", "Avenue Maquis du Grésivaudan", "38700", "La Tronche", SANITARY, PUBLIC, 240000),
    (16, "CH de Valenciennes", "CHV", "114 avenue Desandrouin", "59300", "Valenciennes", SANITARY, PUBLIC, 88000),
    (17, "CH d'Avignon", "CHA84", "305 rue Raoul Follereau", "84000", "Avignon", SANITARY, PUBLIC, 61000),
    (18, "CH de Perpignan", "CHP", "20 avenue du Languedoc", "66000", "Perpignan", SANITARY, PUBLIC, 67000),
    (19, "CH de Cannes Simone Veil", "CHC", "15 avenue des Broussailles", "06400", "Cannes", SANITARY, PUBLIC, 45000),
    (20, "CH de Dax-Côte d'Argent", "CHD", "Boulevard Yves du Manoir", "40100", "Dax", SANITARY, PUBLIC, 31000),
    (21, "CH de Pau", "CHPAU", "4 boulevard Hauterive", "64000", "Pau", SANITARY, PUBLIC, 58000),
    (22, "CH de la Côte Basque", "CHCB", "13 avenue de l'Interne Jacques Loëb", "64100", "Bayonne", SANITARY, PUBLIC, 63000),
    (23, "CH de Niort", "CHN", "40 avenue Charles de Gaulle", "79000", "Niort", SANITARY, PUBLIC, 39000),
    (24, "CH d'Angoulême", "CHAG", "Rond-point de Girac", "16470", "Saint-Michel", SANITARY, PUBLIC, 44000),
    (25, "CH de Brive", "CHB", "1 boulevard du Docteur Verlhac", "19100", "Brive-la-Gaillarde", SANITARY, PUBLIC, 33000),
    (26, "CH de Cahors", "", "335 rue Wilson", "46000", "Cahors", SANITARY, PUBLIC, 17000),
    (27, "CH de Rodez", "CHR", "Avenue de l'Hôpital", "12000", "Rodez", SANITARY, PUBLIC, 29000),
    (28, "CH d'Albi", "", "22 boulevard du Général Sibille", "81000", "Albi", SANITARY, PUBLIC, 26000),
    (29, "CH de Laval", "CHLV", "33 rue du Haut Rocher", "53000", "Laval", SANITARY, PUBLIC, 30000),
    (30, "CH du Mans", "CHM", "194 avenue Rubillard", "72000", "Le Mans", SANITARY, PUBLIC, 71000),
    (31, "CH de Cholet", "CHCH", "1 rue Marengo", "49300", "Cholet", SANITARY, PUBLIC, 27000),
    (32, "CH Bretagne Atlantique", "CHBA", "20 boulevard Général Maurice Guillaudot", "56000", "Vannes", SANITARY, PUBLIC, 52000),
    (33, "CH de Cornouaille", "CHIC", "14 avenue Yves Thépot", "29000", "Quimper", SANITARY, PUBLIC, 48000),
    (34, "CH de Saint-Malo", "", "1 rue de la Marne", "35400", "Saint-Malo", SANITARY, PUBLIC, 24000),
    (35, "Hôpitaux civils de Colmar", "HCC", "39 avenue de la Liberté", "68000", "Colmar", SANITARY, PUBLIC, 55000),
    (36, "CH de Haguenau", "", "64 avenue du Professeur Leriche", "67500", "Haguenau", SANITARY, PUBLIC, 23000),
    (37, "CH Métropole Savoie", "CHMS", "Place Lucien Biset", "73000", "Chambéry", SANITARY, PUBLIC, 59000),
    (38, "CH spécialisé de la Savoie", "CHS", "89 avenue de Bassens", "73000", "Bassens", SANITARY, PUBLIC, 9000),
    (39, "CH de Bourg-en-Bresse", "CHBB", "900 route de Paris", "01000", "Bourg-en-Bresse", SANITARY, PUBLIC, 36000),
    (40, "CH de Troyes", "CHT10", "101 avenue Anatole France", "10000", "Troyes", SANITARY, PUBLIC, 38000),
    (41, "CH de Dieppe", "", "Avenue Pasteur", "76200", "Dieppe", SANITARY, PUBLIC, 19000),
    (42, "EHPAD La Roseraie", "", "18 rue des Rosiers", "79000", "Niort", MEDICO_SOCIAL, PUBLIC, 650),
    (43, "EHPAD Les Magnolias", "", "7 allée des Magnolias", "40100", "Dax", MEDICO_SOCIAL, PUBLIC, 540),
    (44, "EHPAD Résidence Les Tilleuls", "", "3 place du Marché", "46000", "Cahors", MEDICO_SOCIAL, PUBLIC, 480),
    (45, "EHPAD public de Lambersart", "", "99 avenue de l'Hippodrome", "59130", "Lambersart", MEDICO_SOCIAL, PUBLIC, 820),
    (46, "GCS Achats du Sud-Ouest", "GCS ASO", "1 place Saint-Étienne", "31000", "Toulouse", ActivityDomain.OTHER, PUBLIC, 120000),
    (47, "GCS e-Santé Bretagne", "GCS ESB", "5 rue Louis Jacques Daguerre", "35510", "Cesson-Sévigné", ActivityDomain.OTHER, PUBLIC, 7000),
    (48, "Hôpital privé Saint-Joseph", "HPSJ", "185 rue Raymond Losserand", "75014", "Paris", SANITARY, ESPIC, 64000),
    (49, "Institut médico-éducatif Les Hirondelles", "IME", "12 rue des Écoles", "35200", "Rennes", ActivityDomain.SOCIAL, ESPIC, 350),
    (50, TEST_ESTABLISHMENT_NAME, "CHT", "1 rue de l'Essai", "75013", "Paris", SANITARY, PUBLIC, 15000),
]  # fmt: skip

# GHT name → (support serial, member serials)
GROUPS = {
    "GHT Alliance de Gironde": (1, (2, 3, 4, 5, 6)),
    "GHT de Loire-Atlantique": (7, (8, 9, 10, 11)),
}

_REVENUE_METHODS = list(RevenueTitleMethod)


def demo_siret(serial):
    prefix = f"26{serial:07d}0001"
    return prefix + luhn_check_digit(prefix)


def _group_roles():
    roles = {}
    for group_name, (support, members) in GROUPS.items():
        roles[support] = (group_name, GroupRole.SUPPORT)
        for member in members:
            roles[member] = (group_name, GroupRole.MEMBER)
    return roles


def _membership(serial):
    """Two establishments in three are members (*adhérents*), since a date between 2015 and 2024."""
    if serial % 3 == 0 and serial != 50:
        return {"is_member": False, "member_since": None}
    return {
        "is_member": True,
        "member_since": datetime.date(2015 + serial % 10, 1 + serial % 12, 1),
    }


@transaction.atomic
def seed_establishments(stdout=None):
    groups = {name: EstablishmentGroup.objects.get_or_create(name=name)[0] for name in GROUPS}
    roles = _group_roles()
    by_serial = {}
    created = 0
    for serial, name, acronym, address, postcode, city, domain, status, spend in ESTABLISHMENTS:
        defaults = {
            "name": name,
            "acronym": acronym,
            "address": address,
            "postcode": postcode,
            "city": city,
            "activity_domain": domain,
            "legal_status": status,
            "revenue_title_method": _REVENUE_METHODS[serial % len(_REVENUE_METHODS)],
            "annual_purchase_amount": Decimal(spend) * 1000,
            **_membership(serial),
        }
        if serial in roles:
            group_name, role = roles[serial]
            defaults.update(group=groups[group_name], group_role=role)
        establishment, was_created = Establishment.objects.get_or_create(
            siret=demo_siret(serial), defaults=defaults
        )
        by_serial[serial] = establishment
        created += was_created

    for group_name, (support_serial, _members) in GROUPS.items():
        group = groups[group_name]
        support = by_serial[support_serial]
        if group.support_id is None and support.group_id == group.pk:
            group.support = support
            group.save(update_fields=["support"])

    if stdout is not None:
        stdout.write(
            f"Établissements : {Establishment.objects.count()} ({created} créé(s)), dont "
            f"{Establishment.objects.filter(is_member=True).count()} adhérents ; "
            f"GHT : {EstablishmentGroup.objects.count()} ; établissement de test : "
            f"« {TEST_ESTABLISHMENT_NAME} »."
        )
    return created
