"""``/depots``: convention deposits (the signed zip), the account's deposits and their status.

The deposit form of the pages checks the input (the zip's contents included), the service
writes it and e-mails the confirmation."""

from datetime import datetime

import rules
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from buyer_space.accounts.rules import access
from buyer_space.api.pagination import PageParams, page
from buyer_space.api.problems import ApiProblem
from buyer_space.api.schemas import responses
from membership.deposits.forms import ConventionDepositForm
from membership.deposits.services import deposits as service

router = Router()
MAX_ID = 2**31 - 1


class DepositOut(Schema):
    id: int
    offre_id: int | None
    offre: str | None
    etablissement_id: int
    etablissement: str
    numero_de_marche: str
    statut: str
    motif_du_refus: str
    depose_le: datetime
    traite_le: datetime | None


class DepositPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DepositOut]


class NewDeposit(Schema):
    offre: int = Field(..., ge=1, le=MAX_ID, description="Id de l'offre (intermédiaire, en ligne).")
    etablissement: int = Field(..., ge=1, le=MAX_ID)
    raison_sociale: str = Field(..., max_length=200)
    numero_de_marche: str = Field(..., max_length=60)
    email: str = Field(..., max_length=254)
    telephone: str = Field(..., max_length=20)
    reference_de_commande: str = Field(..., max_length=60)
    code_service_chorus: str = Field(..., max_length=254)
    message: str = Field("", max_length=5000)


def _row(deposit):
    return {
        "id": deposit.pk,
        "offre_id": deposit.offer_id,
        "offre": deposit.offer.title if deposit.offer else None,
        "etablissement_id": deposit.establishment_id,
        "etablissement": deposit.establishment.name,
        "numero_de_marche": deposit.contract_number,
        "statut": deposit.status,
        "motif_du_refus": deposit.reason,
        "depose_le": deposit.created_at,
        "traite_le": deposit.reviewed_at,
    }


def _mine(request):
    """The caller's deposits, for the establishments his token reaches (one, for a token
    limited to an establishment)."""
    account = access(request.user)
    return service.deposits_of(
        request.user, establishment_ids=account.member_ids if account else ()
    )


@router.get("", response=responses(DepositPage), summary="Mes dépôts de conventions")
def deposit_list(request, params: Query[PageParams]):
    queryset = _mine(request)
    result = page(queryset, params)
    result["items"] = [_row(deposit) for deposit in result["items"]]
    return result


@router.get("/{deposit_id}", response=responses(DepositOut), summary="Un dépôt et son statut")
def deposit_detail(request, deposit_id: int):
    deposit = _mine(request).filter(pk=min(deposit_id, MAX_ID + 1)).first()
    if deposit is None:
        raise Http404
    return _row(deposit)


@router.post("", response=responses(DepositOut, status=201), summary="Déposer une convention")
def deposit_create(request, data: Form[NewDeposit], archive: File[UploadedFile]):
    """La convention signée : un fichier zip de 50 Mo au plus (PDF, Word, images)."""
    offer = service.depositable_offer(request.user, data.offre)
    if offer is None:
        raise ApiProblem(404, _("Cette offre n'existe pas ou n'accepte pas de dépôt."))
    if not rules.has_perm("deposits.deposit_convention", request.user, offer):
        raise ApiProblem(403, _("Vous ne pouvez pas déposer de convention pour cette offre."))
    form = ConventionDepositForm(
        {
            "establishment": data.etablissement,
            "company_name": data.raison_sociale,
            "contract_number": data.numero_de_marche,
            "email": data.email,
            "phone": data.telephone,
            "order_reference": data.reference_de_commande,
            "chorus_service_code": data.code_service_chorus,
            "message": data.message,
        },
        {"archive": archive},
        establishments=service.deposit_establishments(request.user, offer),
    )
    if not form.is_valid():
        errors = [
            {"champ": field if field != "__all__" else "", "message": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
        raise ApiProblem(400, _("Le dépôt n'a pas été enregistré : corrigez-le."), errors)
    cleaned = form.cleaned_data
    deposit = service.create_deposit(
        user=request.user,
        offer=offer,
        establishment=cleaned["establishment"],
        data=cleaned,
        archive=cleaned["archive"],
    )
    return Status(201, _row(_mine(request).get(pk=deposit.pk)))
