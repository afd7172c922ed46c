import rules
from django.http import Http404
from django.shortcuts import get_object_or_404

from espace_site.files import private_file_response
from membership.contracts.models import ContractDocument

DOWNLOAD_CONTRACT_DOCUMENT_PERMISSION = "contracts.download_contract_document"


CONTRACT_DOCUMENT_DOWNLOAD_URL_NAME = "contracts_contractdocument_download"


def download_contract_document(request, pk):
    """A contract document's file, for the staff (registered under the admin's URLs by
    ``ContractDocumentAdmin``). Refused or missing, it answers 404 alike."""
    if not rules.has_perm(DOWNLOAD_CONTRACT_DOCUMENT_PERMISSION, request.user):
        raise Http404
    document = get_object_or_404(ContractDocument, pk=pk)
    try:
        return private_file_response(document.file, document.file_name or None)
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
