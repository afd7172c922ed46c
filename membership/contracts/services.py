"""*Marchés en cours*: the contracts an account sees, their filters, and a contract's documents.

Every function runs a fixed number of queries, whatever the number of contracts or documents:
the related rows come with ``select_related`` and the documents are grouped in Python.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from buyer_space.accounts.rules import access
from membership.contracts.choices import ContractStatus
from membership.contracts.models import Contract, ContractDocument, SubsequentContract

MAX_SEARCH_TERMS = 5


def member_establishment_ids(user):
    """The establishments where ``user`` has an active affiliation (none for a pending one)."""
    account = access(user)
    return account.member_ids if account is not None else frozenset()


def contracts_of(user):
    """The contracts of the establishments ``user`` is an active member of."""
    return (
        Contract.objects.filter(establishment_id__in=member_establishment_ids(user))
        .select_related("establishment", "offer", "family")
        .order_by("-start_date", "title", "pk")
    )


def with_status(queryset, status, today):
    if status == ContractStatus.UPCOMING:
        return queryset.filter(start_date__gt=today)
    if status == ContractStatus.ONGOING:
        return queryset.filter(start_date__lte=today, end_date__gte=today)
    if status == ContractStatus.ENDED:
        return queryset.filter(end_date__lt=today)
    return queryset


def ongoing_contract_count(user, today=None):
    """*Marchés en cours* on the dashboard: the contracts running today (the list's status
    *En cours*)."""
    today = today or timezone.localdate()
    return with_status(contracts_of(user), ContractStatus.ONGOING, today).count()


def search(queryset, query):
    """Every term of ``query`` in the contract's number, title or offer title."""
    for term in query.split()[:MAX_SEARCH_TERMS]:
        queryset = queryset.filter(
            Q(number__icontains=term) | Q(title__icontains=term) | Q(offer__title__icontains=term)
        )
    return queryset


def filter_contracts(queryset, filters, families_by_slug, today):
    if establishment_id := filters.get("etablissement"):
        queryset = queryset.filter(establishment_id=establishment_id)
    if family := families_by_slug.get(filters.get("famille")):
        queryset = queryset.filter(family_id=family.pk)
    if status := filters.get("statut"):
        queryset = with_status(queryset, status, today)
    if query := filters.get("q"):
        queryset = search(queryset, query)
    return queryset


@dataclass
class SubsequentRow:
    subsequent: SubsequentContract
    documents: list = field(default_factory=list)


@dataclass
class ContractFiles:
    """A contract's own documents, and its subsequent contracts each with theirs."""

    documents: list
    subsequents: list


def contract_files(contract):
    """Two queries: the subsequent contracts, then every document of the contract."""
    rows = {
        subsequent.pk: SubsequentRow(subsequent)
        for subsequent in SubsequentContract.objects.filter(contract=contract)
    }
    own = []
    for document in ContractDocument.objects.filter(contract=contract).order_by("title", "pk"):
        row = rows.get(document.subsequent_contract_id)
        (row.documents if row is not None else own).append(document)
    return ContractFiles(documents=own, subsequents=list(rows.values()))


def contracts_on_offer(user, offer):
    """The contracts ``user``'s establishments hold on ``offer`` (one query, none if no access)."""
    establishment_ids = member_establishment_ids(user)
    if not establishment_ids:
        return []
    return list(
        Contract.objects.filter(offer_id=offer.pk, establishment_id__in=establishment_ids)
        .select_related("establishment")
        .order_by("establishment__name", "-start_date", "pk")
    )
