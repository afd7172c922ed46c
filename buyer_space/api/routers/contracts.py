"""``/marches``: the contracts (*marchés en cours*) of the account's establishments, their
documents and subsequent contracts, and the download of a document."""

from datetime import date

import rules
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from buyer_space.api.pagination import PageParams, page
from buyer_space.api.schemas import responses
from catalogue.models import PurchaseFamily
from espace_site.files import private_file_response
from membership.contracts import services as service
from membership.contracts.choices import ContractStatus
from membership.contracts.models import Contract, ContractDocument

router = Router()
READ = "contracts.read_contract"
# What a row shows: the related rows' names only (not an offer page's body).
LIST_FIELDS = (
    "number",
    "title",
    "origin",
    "start_date",
    "end_date",
    "establishment__name",
    "family__slug",
    "offer__title",
)
MAX_ID = 2**31 - 1


class ContractFilters(PageParams):
    etablissement: int | None = Field(None, ge=1, le=MAX_ID, description="Id d'établissement.")
    famille: str | None = Field(None, max_length=100, description="Slug de la famille d'achat.")
    statut: ContractStatus | None = Field(None, description="a-venir, en-cours ou termine.")
    q: str | None = Field(None, max_length=200, description="Numéro, intitulé ou offre.")


class ContractOut(Schema):
    id: int
    numero: str
    intitule: str
    etablissement_id: int
    etablissement: str
    famille: str | None
    offre_id: int | None
    offre: str | None
    origine: str
    debut: date
    fin: date
    statut: str


class ContractPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ContractOut]


class DocumentOut(Schema):
    id: int
    titre: str
    depose_le: date
    url: str


class SubsequentOut(Schema):
    id: int
    reference: str
    intitule: str
    notifie_le: date
    documents: list[DocumentOut]


class ContractDetailOut(ContractOut):
    documents: list[DocumentOut]
    marches_subsequents: list[SubsequentOut]


def contract_row(contract, today):
    return {
        "id": contract.pk,
        "numero": contract.number,
        "intitule": contract.title,
        "etablissement_id": contract.establishment_id,
        "etablissement": contract.establishment.name,
        "famille": contract.family.slug if contract.family else None,
        "offre_id": contract.offer_id,
        "offre": contract.offer.title if contract.offer else None,
        "origine": contract.origin,
        "debut": contract.start_date,
        "fin": contract.end_date,
        "statut": contract.get_status(today),
    }


def _document(request, contract, document):
    return {
        "id": document.pk,
        "titre": document.title,
        "depose_le": timezone.localdate(document.uploaded_at),
        "url": request.build_absolute_uri(
            f"/api/espace/v1/marches/{contract.pk}/documents/{document.pk}"
        ),
    }


@router.get("", response=responses(ContractPage), summary="Mes marchés en cours")
def contract_list(request, filters: Query[ContractFilters]):
    """Les marchés des établissements où le compte est actif, filtrés comme dans Mon espace."""
    today = timezone.localdate()
    families = (
        {family.slug: family for family in PurchaseFamily.objects.filter(slug=filters.famille)}
        if filters.famille
        else {}
    )
    wanted = {
        name: value
        for name, value in (
            ("etablissement", filters.etablissement),
            ("famille", filters.famille),
            ("statut", filters.statut),
            ("q", filters.q),
        )
        if value
    }
    queryset = service.filter_contracts(service.contracts_of(request.user), wanted, families, today)
    result = page(queryset.only(*LIST_FIELDS), filters)
    result["items"] = [contract_row(contract, today) for contract in result["items"]]
    return result


def _contract_or_404(request, contract_id):
    if contract_id > MAX_ID:
        raise Http404
    contract = (
        Contract.objects.select_related("establishment", "offer", "family")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None or not rules.has_perm(READ, request.user, contract):
        raise Http404
    return contract


@router.get("/{contract_id}", response=responses(ContractDetailOut), summary="Un marché")
def contract_detail(request, contract_id: int):
    """Le marché, ses documents et ses marchés subséquents (chacun avec ses documents)."""
    contract = _contract_or_404(request, contract_id)
    files = service.contract_files(contract)
    return {
        **contract_row(contract, timezone.localdate()),
        "documents": [_document(request, contract, d) for d in files.documents],
        "marches_subsequents": [
            {
                "id": row.subsequent.pk,
                "reference": row.subsequent.reference,
                "intitule": row.subsequent.title,
                "notifie_le": row.subsequent.notified_on,
                "documents": [_document(request, contract, d) for d in row.documents],
            }
            for row in files.subsequents
        ],
    }


@router.get(
    "/{contract_id}/documents/{document_id}",
    response=responses(None),
    summary="Télécharger un document de marché",
    openapi_extra={"responses": {200: {"description": "Le fichier", "content": {"*/*": {}}}}},
)
def contract_document(request, contract_id: int, document_id: int):
    """Le fichier du document (jamais mis en cache)."""
    if contract_id > MAX_ID or document_id > MAX_ID:
        raise Http404
    document = (
        ContractDocument.objects.select_related("contract")
        .filter(pk=document_id, contract_id=contract_id)
        .first()
    )
    if document is None or not rules.has_perm(READ, request.user, document.contract):
        raise Http404
    try:
        return private_file_response(document.file)
    except (OSError, ValueError) as error:
        raise Http404 from error
