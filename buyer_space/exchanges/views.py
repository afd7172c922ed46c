"""*Échanges en cours*: the buyer's threads with the centre (list, new thread, thread, files).

Every check is a ``rules`` permission (``exchanges.use_exchanges``, ``start_exchange``,
``read_exchange``, ``reply_exchange``). A thread or a file the account may not read answers 404,
exactly like one that does not exist; an account that is not active (pending, or centre staff
with no establishment) gets a page saying why.
"""

from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from buyer_space.accounts.rules import access
from buyer_space.exchanges import services as service
from buyer_space.exchanges.choices import ExchangeKind
from buyer_space.exchanges.forms import KEPT_FILES_NOTE, ExchangeFilterForm, ExchangeForm, ReplyForm
from buyer_space.exchanges.models import Exchange, ExchangeAttachment, ExchangeMessage
from buyer_space.exchanges.services import MAX_ATTACHMENT_SIZE
from catalogue.choices import AccessMode
from catalogue.content import WHOLESALE_STEPS
from catalogue.models import OfferPage
from espace_site.files import private_file_response
from espace_site.pagination import paginate
from espace_site.uploads import limit_upload_size, oversized_uploads
from espace_site.xlsx import ReportColumn, xlsx_response

PER_PAGE = 20


def _inactive(request):
    return render(request, "exchanges/inactive.html", status=403)


def _exchange_or_404(request, pk):
    exchange = (
        Exchange.objects.select_related(
            "establishment", "author", "offer", "contract", "assigned_to"
        )
        .filter(pk=pk)
        .first()
    )
    if exchange is None or not rules.has_perm("exchanges.read_exchange", request.user, exchange):
        raise Http404
    return exchange


def _status(form):
    """400 for a form sent back with errors; 413 when a file was refused for its size."""
    if not (form.is_bound and form.errors):
        return 200
    return 413 if getattr(form, "oversized", None) else 400


def _files_were_lost(request, form):
    """A form sent back with errors loses the files chosen: the page must say so."""
    return form.is_bound and bool(form.errors) and bool(request.FILES)


def _filtered_exchanges(request):
    filter_form = ExchangeFilterForm(request.GET)
    filters = filter_form.filters()
    queryset = service.visible_exchanges(request.user).select_related("establishment", "author")
    if "type" in filters:
        queryset = queryset.filter(kind=filters["type"])
    if "statut" in filters:
        queryset = queryset.filter(status=filters["statut"])
    return filter_form, filters, queryset


EXPORT_COLUMNS = (
    ReportColumn("Ouvert le", "date", 12),
    ReportColumn("Dernière activité", "date", 14),
    ReportColumn("Type", width=20),
    ReportColumn("Objet", width=48),
    ReportColumn("Établissement", width=32),
    ReportColumn("Auteur", width=26),
    ReportColumn("Statut", width=16),
)


@login_required
@require_GET
def exchange_export(request):
    """*Échanges en cours* as an xlsx file, with the list's filters (one query)."""
    if not rules.has_perm("exchanges.use_exchanges", request.user):
        raise Http404
    _form, _filters, queryset = _filtered_exchanges(request)
    rows = (
        (
            timezone.localtime(exchange.created_at).date(),
            timezone.localtime(exchange.updated_at).date(),
            exchange.get_kind_display(),
            exchange.subject,
            exchange.establishment.name,
            exchange.author.get_full_name() if exchange.author else None,
            exchange.get_status_display(),
        )
        for exchange in queryset.order_by("-updated_at", "-pk").iterator(chunk_size=2000)
    )
    today = timezone.localdate()
    return xlsx_response(f"echanges-{today:%Y-%m-%d}.xlsx", "Échanges", EXPORT_COLUMNS, rows)


@login_required
@require_GET
def exchange_list(request):
    if not rules.has_perm("exchanges.use_exchanges", request.user):
        return _inactive(request)
    filter_form, filters, queryset = _filtered_exchanges(request)
    count = queryset.count()  # without the annotations
    queryset = service.with_activity(queryset, request.user).order_by("-updated_at", "-pk")
    page_obj, window = paginate(queryset, request.GET.get("page"), per_page=PER_PAGE, count=count)
    rows = [(exchange, service.is_unread(exchange)) for exchange in page_obj.object_list]
    account = access(request.user)
    return render(
        request,
        "exchanges/list.html",
        {
            "filter_form": filter_form,
            "filter_errors": filter_form.errors,
            "has_filters": bool(filters),
            "filter_query": urlencode(filters),
            "exchanges": page_obj,
            "page_window": window,
            "rows": rows,
            "sees_establishment": len(account.member_ids) > 1 or bool(account.admin_ids),
        },
    )


def _requested_offer(request):
    """The live offer of ``?offre=<id>``; anything else is ignored with a message."""
    raw = request.GET.get("offre")
    if not raw:
        return None
    offer = None
    if raw.isdigit() and len(raw) < 12:
        offer = OfferPage.objects.live().filter(pk=int(raw)).first()
    if offer is None:
        messages.warning(
            request,
            _(
                "L'offre indiquée est introuvable ou n'est plus en ligne : votre demande ne sera "
                "rattachée à aucune offre."
            ),
        )
    return offer


def _initial(request, offer):
    initial = {}
    kind = request.GET.get("type")
    if kind in ExchangeKind.values:
        initial["kind"] = kind
    if offer is not None:
        initial["offer"] = offer.pk
        initial["subject"] = (
            _("Offre %(reference)s – %(title)s")
            % {"reference": offer.reference, "title": offer.title}
        )[:200]
    return initial


def _quote_request_context(form, offer):
    """A quote request on a grossiste offer shows the holders' contacts and the guide's steps."""
    if offer is None or offer.access_mode != AccessMode.WHOLESALE:
        return None
    if form["kind"].value() != ExchangeKind.QUOTE:
        return None
    return {"holders": offer.holders_with_lots, "steps": WHOLESALE_STEPS}


@limit_upload_size(MAX_ATTACHMENT_SIZE)
@login_required
@require_http_methods(["GET", "POST"])
def exchange_create(request):
    """*Poser une question*, *Demander une facture*, *Déposer une réclamation*."""
    if not rules.has_perm("exchanges.use_exchanges", request.user):
        return _inactive(request)
    establishment_ids = sorted(access(request.user).member_ids)
    if request.method == "POST":
        form = ExchangeForm(
            request.POST,
            request.FILES,
            establishment_ids=establishment_ids,
            oversized=oversized_uploads(request).get("attachments", []),
        )
        if form.is_valid():
            data = form.cleaned_data
            if not rules.has_perm("exchanges.start_exchange", request.user, data["establishment"]):
                raise Http404  # the form's choices already exclude it: defence in depth
            exchange = service.start_exchange(
                author=request.user,
                establishment=data["establishment"],
                kind=data["kind"],
                subject=data["subject"],
                body=data["body"],
                offer=data["offer"],
                contract=data["contract"],
                files=data["attachments"],
            )
            messages.success(
                request,
                _(
                    "Votre demande est envoyée à la centrale ; vous serez prévenu(e) par e-mail "
                    "de sa réponse."
                ),
            )
            return redirect("buyer_space:exchange_detail", exchange.pk)
        offer = form.cleaned_data.get("offer") if hasattr(form, "cleaned_data") else None
    else:
        offer = _requested_offer(request)
        form = ExchangeForm(initial=_initial(request, offer), establishment_ids=establishment_ids)
    return render(
        request,
        "exchanges/create.html",
        {
            "form": form,
            "offer": offer,
            "quote": _quote_request_context(form, offer),
            "files_lost": _files_were_lost(request, form),
            "kept_files_note": KEPT_FILES_NOTE,
        },
        status=_status(form),
    )


@limit_upload_size(MAX_ATTACHMENT_SIZE)
@login_required
@require_http_methods(["GET", "POST"])
def exchange_detail(request, pk):
    """The thread: its messages in order, their attachments, and the reply form."""
    if not rules.has_perm("exchanges.use_exchanges", request.user):
        return _inactive(request)
    exchange = _exchange_or_404(request, pk)
    can_reply = rules.has_perm("exchanges.reply_exchange", request.user, exchange)
    posted = request.method == "POST"
    form = ReplyForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        oversized=oversized_uploads(request).get("attachments", []),
    )
    if request.method == "POST":
        if not can_reply:
            messages.error(
                request,
                _(
                    "Cet échange est clos : votre message n'a pas été envoyé. Ouvrez une "
                    "nouvelle demande."
                ),
            )
            return redirect("buyer_space:exchange_detail", exchange.pk)
        if form.is_valid():
            service.reply(
                exchange,
                author=request.user,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
            messages.success(request, _("Votre message est envoyé à la centrale."))
            return redirect("buyer_space:exchange_detail", exchange.pk)
    thread = list(
        ExchangeMessage.objects.filter(exchange=exchange)
        .select_related("author")
        .prefetch_related(
            Prefetch("attachments", queryset=ExchangeAttachment.objects.order_by("pk"))
        )
    )
    if request.method == "GET":
        service.mark_read(exchange, request.user)
    return render(
        request,
        "exchanges/detail.html",
        {
            "exchange": exchange,
            "thread": thread,
            "form": form,
            "can_reply": can_reply,
            "files_lost": _files_were_lost(request, form),
            "kept_files_note": KEPT_FILES_NOTE,
        },
        status=_status(form),
    )


@login_required
@require_GET
def exchange_attachment(request, pk, attachment_id):
    """A file of the thread, private; 404 for anyone who may not read the thread."""
    attachment = (
        ExchangeAttachment.objects.select_related("message__exchange")
        .filter(pk=attachment_id, message__exchange_id=pk)
        .first()
    )
    if attachment is None or not rules.has_perm(
        "exchanges.read_exchange", request.user, attachment.message.exchange
    ):
        raise Http404
    try:
        return private_file_response(attachment.file, attachment.name)
    except FileNotFoundError as exc:
        raise Http404 from exc
