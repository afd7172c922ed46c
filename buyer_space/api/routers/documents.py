"""``/documents``: *Autres documents* and *Fichiers de données* (administrators), downloads."""

from datetime import date

import rules
from django.http import Http404
from ninja import Field, Query, Router, Schema

from buyer_space.api.pagination import PageParams, page
from buyer_space.api.problems import ApiProblem
from buyer_space.api.schemas import responses
from buyer_space.space import services as space
from buyer_space.space.models import DataFile, OtherDocument
from buyer_space.space.views.documents import data_file_filename, other_document_filename
from espace_site.files import private_file_response

router = Router()
MAX_ID = 2**31 - 1
FILE_RESPONSE = {"responses": {200: {"description": "Le fichier", "content": {"*/*": {}}}}}
NOT_ADMIN = "Ces documents sont réservés aux administrateurs d'un établissement."


class OtherDocumentOut(Schema):
    id: int
    titre: str
    categorie: str
    etablissement_id: int | None
    publie_le: date
    url: str


class OtherDocumentPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[OtherDocumentOut]


class DataFileOut(Schema):
    id: int
    type: str
    libelle: str
    etablissement_id: int
    etablissement: str
    debut: date
    fin: date
    url: str


class DataFilePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DataFileOut]


class DataFileFilters(PageParams):
    etablissement: int | None = Field(None, ge=1, le=MAX_ID)
    annee: int | None = Field(None, ge=1900, le=2999)


def _send(field_file, filename):
    try:
        return private_file_response(field_file, filename)
    except (OSError, ValueError) as error:
        raise Http404 from error


@router.get("/autres", response=responses(OtherDocumentPage), summary="Autres documents")
def other_documents(request, params: Query[PageParams]):
    """Documents administratifs et fichiers GEB des établissements administrés."""
    if not rules.has_perm("space.view_other_documents", request.user):
        raise ApiProblem(403, NOT_ADMIN)
    queryset = space.visible_other_documents(request.user).order_by(
        "category", "-published_on", "title", "pk"
    )
    result = page(queryset, params)
    result["items"] = [
        {
            "id": document.pk,
            "titre": document.title,
            "categorie": document.category,
            "etablissement_id": document.establishment_id,
            "publie_le": document.published_on,
            "url": request.build_absolute_uri(f"/api/espace/v1/documents/autres/{document.pk}"),
        }
        for document in result["items"]
    ]
    return result


@router.get(
    "/autres/{document_id}",
    response=responses(None),
    summary="Télécharger un autre document",
    openapi_extra=FILE_RESPONSE,
)
def other_document_file(request, document_id: int):
    document = OtherDocument.objects.filter(pk=min(document_id, MAX_ID + 1)).first()
    if document is None or not rules.has_perm(
        "space.download_other_document", request.user, document
    ):
        raise Http404
    return _send(document.file, other_document_filename(document))


@router.get("/donnees", response=responses(DataFilePage), summary="Fichiers de données")
def data_files(request, filters: Query[DataFileFilters]):
    """Rapports de commandes et de facturation, les plus récents d'abord."""
    if not rules.has_perm("space.view_data_files", request.user):
        raise ApiProblem(403, NOT_ADMIN)
    queryset = space.visible_data_files(request.user).select_related("establishment")
    if filters.etablissement:
        queryset = queryset.filter(establishment_id=filters.etablissement)
    if filters.annee:
        queryset = queryset.filter(period_start__year=filters.annee)
    queryset = queryset.order_by("-period_start", "kind", "pk")
    result = page(queryset, filters)
    result["items"] = [
        {
            "id": data_file.pk,
            "type": data_file.kind,
            "libelle": str(data_file.get_kind_display()),
            "etablissement_id": data_file.establishment_id,
            "etablissement": data_file.establishment.name,
            "debut": data_file.period_start,
            "fin": data_file.period_end,
            "url": request.build_absolute_uri(f"/api/espace/v1/documents/donnees/{data_file.pk}"),
        }
        for data_file in result["items"]
    ]
    return result


@router.get(
    "/donnees/{data_file_id}",
    response=responses(None),
    summary="Télécharger un fichier de données",
    openapi_extra=FILE_RESPONSE,
)
def data_file(request, data_file_id: int):
    data_file = (
        DataFile.objects.select_related("establishment")
        .filter(pk=min(data_file_id, MAX_ID + 1))
        .first()
    )
    if data_file is None or not rules.has_perm("space.download_data_file", request.user, data_file):
        raise Http404
    return _send(data_file.file, data_file_filename(data_file))
