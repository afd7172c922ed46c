"""*Marchés en cours*: the contracts of the account's establishments, a contract's page and the
download of its documents.

Access is the predicate ``contracts.read_contract`` (:mod:`membership.contracts.rules`), tested with
``rules.has_perm``. A contract or a document the viewer may not see answers 404, exactly like
one that does not exist; a pending account sees no contract.
"""

from urllib.parse import urlencode

import rules
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from catalogue.models import PurchaseFamily
from espace_site.files import private_file_response
from espace_site.pagination import paginate
from espace_site.xlsx import ReportColumn, xlsx_response
from membership.contracts import services as service
from membership.contracts.forms import ContractFilterForm
from membership.contracts.models import Contract, ContractDocument
from membership.establishments.models import Establishment

CONTRACTS_PER_PAGE = 20
VIEW_CONTRACT = "contracts.read_contract"
# Ids beyond the primary keys' range are refused before reaching the database (SQLite fails on
# integers of more than 64 bits).
MAX_ID = 2**31 - 1


def _check_ids(*ids):
    if any(value > MAX_ID for value in ids):
        raise Http404


def _contract_or_404(request, contract_id):
    _check_ids(contract_id)
    contract = (
        Contract.objects.select_related("establishment", "offer", "family")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None or not rules.has_perm(VIEW_CONTRACT, request.user, contract):
        raise Http404
    return contract


def _filtered_contracts(request, today):
    """The filter form, its filters, the filtered contracts and the account's establishments."""
    establishment_ids = service.member_establishment_ids(request.user)
    establishments = (
        list(Establishment.objects.filter(pk__in=establishment_ids).order_by("name"))
        if establishment_ids
        else []
    )
    families = list(PurchaseFamily.objects.all())
    families_by_slug = {family.slug: family for family in families}
    form = ContractFilterForm(request.GET or None, establishments=establishments, families=families)
    filters = form.filters()
    contracts = service.filter_contracts(
        service.contracts_of(request.user), filters, families_by_slug, today
    )
    return form, filters, contracts, establishments


@require_safe
@login_required
def contract_list(request):
    """*Marchés en cours*: filters (establishment, family, status), search and pagination."""
    today = timezone.localdate()
    form, filters, contracts, establishments = _filtered_contracts(request, today)
    page_obj, window = paginate(contracts, form.page_number(), per_page=CONTRACTS_PER_PAGE)
    return render(
        request,
        "contracts/list.html",
        {
            "filter_form": form,
            "form_errors": form.visible_errors(),
            "has_filters": bool(filters),
            "filter_query": urlencode(filters),
            "contracts": page_obj,
            "page_window": window,
            "result_count": page_obj.paginator.count,
            "has_establishment": bool(establishments),
            "several_establishments": len(establishments) > 1,
            "today": today,
        },
    )


EXPORT_COLUMNS = (
    ReportColumn("Établissement", width=32),
    ReportColumn("N° de marché", width=18),
    ReportColumn("Intitulé", width=40),
    ReportColumn("Référence de l'offre", width=26),
    ReportColumn("Famille d'achat", width=24),
    ReportColumn("Origine", width=18),
    ReportColumn("Début", "date", 12),
    ReportColumn("Fin", "date", 12),
    ReportColumn("Statut", width=14),
)


@require_safe
@login_required
def contract_export(request):
    """*Marchés en cours* as an xlsx file, with the list's filters (one query)."""
    today = timezone.localdate()
    _form, _filters, contracts, _establishments = _filtered_contracts(request, today)
    contracts = contracts.select_related("establishment", "offer", "family").order_by(
        "establishment__name", "end_date", "pk"
    )
    rows = (
        (
            contract.establishment.name,
            contract.number,
            contract.title,
            contract.offer.reference if contract.offer else None,
            contract.family.name if contract.family else None,
            contract.get_origin_display(),
            contract.start_date,
            contract.end_date,
            str(contract.get_status(today).label),
        )
        for contract in contracts.iterator(chunk_size=2000)
    )
    return xlsx_response(
        f"marches-en-cours-{today:%Y-%m-%d}.xlsx", "Marchés en cours", EXPORT_COLUMNS, rows
    )


@require_safe
@login_required
def contract_detail(request, contract_id):
    """A contract: its dates, offer and origin, its documents and its subsequent contracts."""
    contract = _contract_or_404(request, contract_id)
    files = service.contract_files(contract)
    return render(
        request,
        "contracts/detail.html",
        {
            "contract": contract,
            "status": contract.get_status(),
            "documents": files.documents,
            "subsequents": files.subsequents,
        },
    )


@require_safe
@login_required
def contract_document(request, contract_id, document_id):
    """A document of a contract (or of one of its subsequent contracts), never cached."""
    _check_ids(contract_id, document_id)
    document = (
        ContractDocument.objects.select_related("contract")
        .filter(pk=document_id, contract_id=contract_id)
        .first()
    )
    if document is None or not rules.has_perm(VIEW_CONTRACT, request.user, document.contract):
        raise Http404
    try:
        return private_file_response(document.file, document.file_name or None)
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
