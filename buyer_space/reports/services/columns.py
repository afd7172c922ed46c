"""The column lists of the ERP's two files (documented in ``docs/grand-livre.md``; the sample
files in ``buyer_space/reports/samples/`` follow them).

A file is recognised by its header row: the ledger's order and invoice lines carry
``montant_ht``, the purchase gains ``montant_reference``. Headers are matched without case,
accents or spaces (``Date document`` is ``date_document``); columns may come in any order and
unknown columns are ignored.
"""

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    required: bool = True


LEDGER_COLUMNS = (
    Column("siret", "N° SIRET de l'établissement (14 chiffres)"),
    Column("reference_offre", "Référence de l'offre du catalogue", required=False),
    Column("titulaire", "Raison sociale du titulaire", required=False),
    Column("centrale", "Intermédiaire, Grossiste ou Location"),
    Column("nature", "Devis en cours, Commande validée, Titre à facturer ou Titre facturé"),
    Column("numero_document", "N° du devis, de la commande ou du titre"),
    Column("numero_ligne", "N° de la ligne dans le document (entier)"),
    Column("date_document", "Date du document (JJ/MM/AAAA)"),
    Column("date_echeance", "Date d'échéance (JJ/MM/AAAA)", required=False),
    Column("libelle", "Libellé de la ligne", required=False),
    Column("quantite", "Quantité (virgule décimale)", required=False),
    Column("montant_ht", "Montant HT en euros (virgule décimale)"),
    Column("montant_ttc", "Montant TTC en euros (virgule décimale)"),
)

GAIN_COLUMNS = (
    Column("siret", "N° SIRET de l'établissement (14 chiffres)"),
    Column("famille", "Famille d'achat (par défaut, celle de l'offre)", required=False),
    Column("reference_offre", "Référence de l'offre du catalogue"),
    Column("debut_periode", "Début de la période (JJ/MM/AAAA)"),
    Column("fin_periode", "Fin de la période (JJ/MM/AAAA)"),
    Column("montant_reference", "Montant de référence en euros"),
    Column("montant_paye", "Montant payé en euros"),
    Column("gain", "Gain en euros (par défaut, référence moins payé)", required=False),
)


#: Other spellings of a header seen in the ERP's exports.
ALIASES = {
    "n_siret": "siret",
    "numero_siret": "siret",
    "reference": "reference_offre",
    "reference_de_l_offre": "reference_offre",
    "n_document": "numero_document",
    "n_ligne": "numero_ligne",
    "famille_d_achat": "famille",
}


def normalise(header):
    """``Date document`` → ``date_document``; ``Référence offre`` → ``reference_offre``."""
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
    return "_".join(text.lower().replace("'", " ").split())


def column_name(header):
    name = normalise(header)
    return ALIASES.get(name, name)
