"""``/moi``: the account, its establishments, roles and rights by family."""

from datetime import datetime

from ninja import Router, Schema

from buyer_space.api.schemas import responses
from buyer_space.space.services import account_affiliations, rights_by_establishment
from espace_site.rules import is_staff_member

router = Router()


class FamilyRightOut(Schema):
    famille: str
    documents_de_marche: bool
    droits_adhesion: bool


class AffiliationOut(Schema):
    etablissement_id: int
    etablissement: str
    siret: str
    role: str
    statut: str
    adherent: bool
    droits: list[FamilyRightOut]


class TokenOut(Schema):
    nom: str
    portee: str
    etablissement_id: int | None
    expire_le: datetime | None


class MeOut(Schema):
    id: int
    email: str
    prenom: str
    nom: str
    personnel_centrale: bool
    rattachements: list[AffiliationOut]
    jeton: TokenOut | None


@router.get("", response=responses(MeOut), summary="Mon compte")
def me(request):
    """Le compte authentifié : identité, rattachements (rôle, statut) et droits par famille
    d'achat de chaque rattachement actif. Un jeton limité à un établissement ne montre que
    celui-ci."""
    user = request.user
    token = getattr(request, "api_token", None)
    affiliations = account_affiliations(user)
    if token is not None and token.establishment_id is not None:
        affiliations = [a for a in affiliations if a.establishment_id == token.establishment_id]
    rights = {row.affiliation.pk: row.rows for row in rights_by_establishment(affiliations)}
    return {
        "id": user.pk,
        "email": user.email,
        "prenom": user.first_name,
        "nom": user.last_name,
        "personnel_centrale": is_staff_member(user),
        "rattachements": [
            {
                "etablissement_id": affiliation.establishment_id,
                "etablissement": affiliation.establishment.name,
                "siret": affiliation.establishment.siret,
                "role": affiliation.role,
                "statut": affiliation.status,
                "adherent": affiliation.establishment.is_member,
                "droits": [
                    {
                        "famille": family.slug,
                        "documents_de_marche": documents,
                        "droits_adhesion": adhesion,
                    }
                    for family, documents, adhesion in rights.get(affiliation.pk, [])
                    if documents or adhesion
                ],
            }
            for affiliation in affiliations
        ],
        "jeton": None
        if token is None
        else {
            "nom": token.name,
            "portee": token.scope,
            "etablissement_id": token.establishment_id,
            "expire_le": token.expires_at,
        },
    }
