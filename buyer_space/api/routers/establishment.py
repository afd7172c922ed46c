"""``/etablissements``: an administrator's establishment users, pending requests and their
decision, an account's role and rights by family (the services and predicates of the pages)."""

from datetime import datetime

import rules
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from buyer_space.accounts.choices import AffiliationStatus, Role
from buyer_space.accounts.models import Affiliation, FamilyRight
from buyer_space.accounts.rules import access, forget_access
from buyer_space.accounts.services import accounts, validation
from buyer_space.api.pagination import PageParams, page
from buyer_space.api.problems import ApiProblem
from buyer_space.api.schemas import responses
from catalogue.models import PurchaseFamily
from membership.establishments.models import Establishment

router = Router()
MAX_ID = 2**31 - 1
MANAGE = "accounts.manage_establishment"


class AffiliationRow(Schema):
    id: int
    utilisateur_id: int
    email: str
    prenom: str
    nom: str
    role: str
    role_demande: str
    statut: str
    demande_le: datetime


class AffiliationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AffiliationRow]


class UserFilters(PageParams):
    statut: AffiliationStatus | None = Field(None, description="actif ou en-attente")


class Acceptance(Schema):
    role: Role | None = Field(None, description="Le rôle accordé (celui demandé par défaut).")


class Refusal(Schema):
    motif: str = Field("", max_length=2000, description="Motif communiqué à la personne.")


class EstablishmentRightsOut(Schema):
    etablissement_id: int
    etablissement: str
    role: str
    statut: str
    documents_de_marche: list[str]
    droits_adhesion: list[str]


class RightsOut(Schema):
    utilisateur_id: int
    email: str
    rattachements: list[EstablishmentRightsOut]


class RightsIn(Schema):
    roles: dict[int, Role] = Field(
        default_factory=dict, description="Rôle par id d'établissement (rattachements actifs)."
    )
    documents_de_marche: list[str] = Field(
        default_factory=list, max_length=200, description="Slugs des familles."
    )
    droits_adhesion: list[str] = Field(
        default_factory=list, max_length=200, description="Slugs des familles."
    )


def _establishment_or_404(request, establishment_id):
    establishment = Establishment.objects.filter(pk=min(establishment_id, MAX_ID + 1)).first()
    if establishment is None or not rules.has_perm(MANAGE, request.user, establishment):
        raise Http404
    return establishment


def _row(affiliation):
    user = affiliation.user
    return {
        "id": affiliation.pk,
        "utilisateur_id": user.pk,
        "email": user.email,
        "prenom": user.first_name,
        "nom": user.last_name,
        "role": affiliation.role,
        "role_demande": affiliation.requested_role,
        "statut": affiliation.status,
        "demande_le": affiliation.created_at,
    }


def _affiliations(establishment):
    return (
        Affiliation.objects.filter(establishment=establishment)
        .exclude(status=AffiliationStatus.REFUSED)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


@router.get(
    "/{establishment_id}/utilisateurs",
    response=responses(AffiliationPage),
    summary="Les utilisateurs de mon établissement",
)
def establishment_users(request, establishment_id: int, filters: Query[UserFilters]):
    """Administrateurs, utilisateurs et demandes en attente (administrateurs seulement)."""
    establishment = _establishment_or_404(request, establishment_id)
    queryset = _affiliations(establishment)
    if filters.statut:
        queryset = queryset.filter(status=filters.statut)
    result = page(queryset, filters)
    result["items"] = [_row(affiliation) for affiliation in result["items"]]
    return result


@router.get(
    "/{establishment_id}/demandes",
    response=responses(AffiliationPage),
    summary="Les demandes de rattachement en attente",
)
def pending_requests(request, establishment_id: int, params: Query[PageParams]):
    establishment = _establishment_or_404(request, establishment_id)
    queryset = _affiliations(establishment).filter(status=AffiliationStatus.PENDING)
    result = page(queryset, params)
    result["items"] = [_row(affiliation) for affiliation in result["items"]]
    return result


def _pending_or_problem(request, establishment_id, affiliation_id):
    establishment = _establishment_or_404(request, establishment_id)
    affiliation = (
        Affiliation.objects.select_related("user", "establishment")
        .filter(pk=min(affiliation_id, MAX_ID + 1), establishment=establishment)
        .first()
    )
    if affiliation is None:
        raise Http404
    if not rules.has_perm("accounts.validate_affiliation", request.user, affiliation):
        raise ApiProblem(409, _("Cette demande a déjà été traitée."))
    return affiliation


@router.post(
    "/{establishment_id}/demandes/{affiliation_id}/validation",
    response=responses(AffiliationRow),
    summary="Valider une demande",
)
def accept_request(request, establishment_id: int, affiliation_id: int, data: Acceptance):
    """Le rattachement devient actif avec le rôle donné ; la personne est prévenue par e-mail."""
    affiliation = _pending_or_problem(request, establishment_id, affiliation_id)
    try:
        decided = validation.accept(affiliation, actor=request.user, role=data.role, via="api")
    except validation.DecisionError as error:
        raise ApiProblem(409, str(error)) from error
    return _row(decided)


@router.post(
    "/{establishment_id}/demandes/{affiliation_id}/refus",
    response=responses(AffiliationRow),
    summary="Refuser une demande",
)
def refuse_request(request, establishment_id: int, affiliation_id: int, data: Refusal):
    affiliation = _pending_or_problem(request, establishment_id, affiliation_id)
    try:
        decided = validation.refuse(affiliation, actor=request.user, reason=data.motif, via="api")
    except validation.DecisionError as error:
        raise ApiProblem(409, str(error)) from error
    return _row(decided)


def _managed_or_404(request, user_id):
    target = (
        get_user_model()
        .objects.prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("establishment").order_by(
                    "establishment__name", "pk"
                ),
            )
        )
        .filter(pk=min(user_id, MAX_ID + 1))
        .first()
    )
    if target is None or not rules.has_perm("accounts.manage_account", request.user, target):
        raise Http404
    admin_ids = access(request.user).admin_ids
    administered = [
        affiliation
        for affiliation in target.affiliations.all()
        if affiliation.establishment_id in admin_ids
        and affiliation.status != AffiliationStatus.REFUSED
    ]
    return target, administered


def _rights(target, administered):
    families = {family.pk: family.slug for family in PurchaseFamily.objects.all()}
    by_affiliation = {}
    for right in FamilyRight.objects.filter(affiliation__in=administered):
        by_affiliation.setdefault(right.affiliation_id, []).append(right)
    return {
        "utilisateur_id": target.pk,
        "email": target.email,
        "rattachements": [
            {
                "etablissement_id": affiliation.establishment_id,
                "etablissement": affiliation.establishment.name,
                "role": affiliation.role,
                "statut": affiliation.status,
                "documents_de_marche": sorted(
                    families[right.family_id]
                    for right in by_affiliation.get(affiliation.pk, [])
                    if right.can_view_market_documents
                ),
                "droits_adhesion": sorted(
                    families[right.family_id]
                    for right in by_affiliation.get(affiliation.pk, [])
                    if right.has_admin_membership_rights
                ),
            }
            for affiliation in administered
        ],
    }


@router.get(
    "/utilisateurs/{user_id}/droits",
    response=responses(RightsOut),
    summary="Rôle et droits par famille d'un utilisateur",
)
def user_rights(request, user_id: int):
    """Dans les établissements que l'appelant administre."""
    target, administered = _managed_or_404(request, user_id)
    return _rights(target, administered)


@router.put(
    "/utilisateurs/{user_id}/droits",
    response=responses(RightsOut),
    summary="Modifier le rôle et les droits par famille",
)
def update_user_rights(request, user_id: int, data: RightsIn):
    """Les rôles par établissement et une même matrice de droits pour chaque rattachement
    administré ; un établissement ne peut pas perdre son dernier administrateur."""
    target, administered = _managed_or_404(request, user_id)
    families = {family.slug: family.pk for family in PurchaseFamily.objects.all()}
    unknown = sorted(set(data.documents_de_marche + data.droits_adhesion) - set(families))
    if unknown:
        raise ApiProblem(
            400,
            _("Famille d'achat inconnue : %(slugs)s.") % {"slugs": ", ".join(unknown)},
        )
    administered_ids = {affiliation.establishment_id for affiliation in administered}
    if set(data.roles) - administered_ids:
        raise ApiProblem(400, _("Un rôle ne peut être donné que dans vos établissements."))
    try:
        accounts.save_rights(
            actor=request.user,
            target=target,
            affiliations=administered,
            roles=dict(data.roles),
            document_family_ids={families[slug] for slug in data.documents_de_marche},
            adhesion_family_ids={families[slug] for slug in data.droits_adhesion},
        )
    except accounts.AccountError as error:
        raise ApiProblem(409, str(error)) from error
    if target.pk == request.user.pk:
        forget_access(request.user)
    return _rights(target, administered)
