"""``/echanges``: the buyer's threads with the centre (list, read, create with attachments,
reply, close, attachments). The Django forms of the pages check the input, the services write."""

from datetime import datetime

import rules
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from buyer_space.accounts.rules import access
from buyer_space.api.pagination import PageParams, page
from buyer_space.api.problems import ApiProblem
from buyer_space.api.schemas import responses
from buyer_space.exchanges import services as service
from buyer_space.exchanges.choices import ExchangeKind, ExchangeStatus
from buyer_space.exchanges.forms import ExchangeForm, ReplyForm
from buyer_space.exchanges.models import Exchange, ExchangeAttachment, ExchangeMessage
from espace_site.files import private_file_response

router = Router()
MAX_ID = 2**31 - 1
FILE_RESPONSE = {"responses": {200: {"description": "Le fichier", "content": {"*/*": {}}}}}
INACTIVE = "Les échanges sont réservés aux comptes actifs (adresse confirmée, rattachement validé)."


class ExchangeFilters(PageParams):
    type: ExchangeKind | None = None
    statut: ExchangeStatus | None = None


class ExchangeOut(Schema):
    id: int
    type: str
    objet: str
    statut: str
    etablissement_id: int
    etablissement: str
    auteur: str | None
    offre_id: int | None
    marche_id: int | None
    ouvert_le: datetime
    derniere_activite: datetime
    messages: int
    non_lu: bool


class ExchangePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ExchangeOut]


class AttachmentOut(Schema):
    id: int
    nom: str
    taille: int
    url: str


class MessageOut(Schema):
    id: int
    auteur: str | None
    de_la_centrale: bool
    texte: str
    envoye_le: datetime
    pieces_jointes: list[AttachmentOut]


class ExchangeDetailOut(ExchangeOut):
    peut_repondre: bool
    fil: list[MessageOut]


class NewExchange(Schema):
    type: ExchangeKind
    etablissement: int = Field(..., ge=1, le=MAX_ID)
    objet: str = Field(..., min_length=1, max_length=200)
    texte: str = Field(..., min_length=1, max_length=10_000)
    marche: int | None = Field(None, ge=1, le=MAX_ID)
    offre: int | None = Field(None, ge=1, le=MAX_ID)


class NewMessage(Schema):
    texte: str = Field(..., min_length=1, max_length=10_000)


def _name(user):
    if user is None:
        return None
    return user.get_full_name() or user.email


def _row(exchange):
    return {
        "id": exchange.pk,
        "type": exchange.kind,
        "objet": exchange.subject,
        "statut": exchange.status,
        "etablissement_id": exchange.establishment_id,
        "etablissement": exchange.establishment.name,
        "auteur": _name(exchange.author),
        "offre_id": exchange.offer_id,
        "marche_id": exchange.contract_id,
        "ouvert_le": exchange.created_at,
        "derniere_activite": exchange.updated_at,
        "messages": getattr(exchange, "message_count", 0),
        "non_lu": service.is_unread(exchange),
    }


def _require_active(request):
    if not rules.has_perm("exchanges.use_exchanges", request.user):
        raise ApiProblem(403, INACTIVE)


def _form_problem(form):
    errors = [
        {"champ": field if field != "__all__" else "", "message": str(message)}
        for field, messages in form.errors.items()
        for message in messages
    ]
    return ApiProblem(400, _("La demande n'a pas été enregistrée : corrigez-la."), errors)


def _exchange_or_404(request, exchange_id):
    exchange = (
        service.with_activity(
            Exchange.objects.select_related("establishment", "author"), request.user
        )
        .filter(pk=min(exchange_id, MAX_ID + 1))
        .first()
    )
    if exchange is None or not rules.has_perm("exchanges.read_exchange", request.user, exchange):
        raise Http404
    return exchange


def _detail(request, exchange):
    thread = ExchangeMessage.objects.filter(exchange=exchange).select_related("author")
    thread = thread.prefetch_related(
        Prefetch("attachments", queryset=ExchangeAttachment.objects.order_by("pk"))
    )
    base = f"/api/espace/v1/echanges/{exchange.pk}/pieces-jointes/"
    return {
        **_row(exchange),
        "peut_repondre": rules.has_perm("exchanges.reply_exchange", request.user, exchange),
        "fil": [
            {
                "id": message.pk,
                "auteur": _name(message.author),
                "de_la_centrale": message.from_staff,
                "texte": message.body,
                "envoye_le": message.created_at,
                "pieces_jointes": [
                    {
                        "id": attachment.pk,
                        "nom": attachment.name,
                        "taille": attachment.size,
                        "url": request.build_absolute_uri(f"{base}{attachment.pk}"),
                    }
                    for attachment in message.attachments.all()
                ],
            }
            for message in thread
        ],
    }


@router.get("", response=responses(ExchangePage), summary="Mes échanges")
def exchange_list(request, filters: Query[ExchangeFilters]):
    """Les échanges visibles : ceux du compte, et tous ceux des établissements qu'il
    administre ; les plus récents d'abord."""
    _require_active(request)
    queryset = service.visible_exchanges(request.user).select_related("establishment", "author")
    if filters.type:
        queryset = queryset.filter(kind=filters.type)
    if filters.statut:
        queryset = queryset.filter(status=filters.statut)
    count = queryset.count()
    queryset = service.with_activity(queryset, request.user).order_by("-updated_at", "-pk")
    result = page(queryset, filters, count=count)
    result["items"] = [_row(exchange) for exchange in result["items"]]
    return result


@router.post("", response=responses(ExchangeDetailOut, status=201), summary="Poser une question")
def exchange_create(
    request, data: Form[NewExchange], pieces_jointes: File[list[UploadedFile]] = None
):
    """Une question, une demande de facture, de devis ou une réclamation, avec jusqu'à cinq
    pièces jointes (PDF, Word, Excel, PNG, JPEG, ZIP ; 10 Mo chacune)."""
    _require_active(request)
    form = ExchangeForm(
        {
            "kind": data.type,
            "establishment": data.etablissement,
            "subject": data.objet,
            "body": data.texte,
            "contract": data.marche or "",
            "offer": data.offre or "",
        },
        {"attachments": list(pieces_jointes or [])},
        establishment_ids=sorted(access(request.user).member_ids),
    )
    if not form.is_valid():
        raise _form_problem(form)
    cleaned = form.cleaned_data
    if not rules.has_perm("exchanges.start_exchange", request.user, cleaned["establishment"]):
        raise Http404
    exchange = service.start_exchange(
        author=request.user,
        establishment=cleaned["establishment"],
        kind=cleaned["kind"],
        subject=cleaned["subject"],
        body=cleaned["body"],
        offer=cleaned["offer"],
        contract=cleaned["contract"],
        files=cleaned["attachments"],
    )
    return Status(201, _detail(request, _exchange_or_404(request, exchange.pk)))


@router.get("/{exchange_id}", response=responses(ExchangeDetailOut), summary="Un échange")
def exchange_detail(request, exchange_id: int):
    """Le fil de l'échange, ses pièces jointes ; l'échange est marqué lu."""
    _require_active(request)
    exchange = _exchange_or_404(request, exchange_id)
    detail = _detail(request, exchange)
    service.mark_read(exchange, request.user)
    detail["non_lu"] = False
    return detail


@router.post(
    "/{exchange_id}/messages", response=responses(ExchangeDetailOut, status=201), summary="Répondre"
)
def exchange_reply(
    request,
    exchange_id: int,
    data: Form[NewMessage],
    pieces_jointes: File[list[UploadedFile]] = None,
):
    """Un message de l'acheteur : l'échange repasse au statut « ouvert »."""
    _require_active(request)
    exchange = _exchange_or_404(request, exchange_id)
    if not rules.has_perm("exchanges.reply_exchange", request.user, exchange):
        raise ApiProblem(409, _("Cet échange est clos : ouvrez une nouvelle demande."))
    form = ReplyForm({"body": data.texte}, {"attachments": list(pieces_jointes or [])})
    if not form.is_valid():
        raise _form_problem(form)
    service.reply(
        exchange,
        author=request.user,
        body=form.cleaned_data["body"],
        files=form.cleaned_data["attachments"],
    )
    return Status(201, _detail(request, _exchange_or_404(request, exchange.pk)))


@router.post(
    "/{exchange_id}/cloture", response=responses(ExchangeDetailOut), summary="Clore un échange"
)
def exchange_close(request, exchange_id: int):
    """L'acheteur clôt sa demande (une réponse n'est plus attendue)."""
    _require_active(request)
    exchange = _exchange_or_404(request, exchange_id)
    if not rules.has_perm("exchanges.close_exchange", request.user, exchange):
        raise ApiProblem(409, _("Cet échange est déjà clos."))
    service.set_status(exchange, ExchangeStatus.CLOSED)
    return _detail(request, _exchange_or_404(request, exchange.pk))


@router.get(
    "/{exchange_id}/pieces-jointes/{attachment_id}",
    response=responses(None),
    summary="Télécharger une pièce jointe",
    openapi_extra=FILE_RESPONSE,
)
def exchange_attachment(request, exchange_id: int, attachment_id: int):
    _require_active(request)
    attachment = (
        ExchangeAttachment.objects.select_related("message__exchange")
        .filter(pk=min(attachment_id, MAX_ID + 1), message__exchange_id=min(exchange_id, MAX_ID))
        .first()
    )
    if attachment is None or not rules.has_perm(
        "exchanges.read_exchange", request.user, attachment.message.exchange
    ):
        raise Http404
    try:
        return private_file_response(attachment.file, attachment.name)
    except (OSError, ValueError) as error:
        raise Http404 from error
