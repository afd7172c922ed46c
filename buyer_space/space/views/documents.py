"""*Autres documents* and *Fichiers de données* (admins only), and their downloads.

Every file is private: served only by the views below, after a ``rules`` check, with
``Cache-Control: private, no-store``. A file the viewer may not read answers 404, exactly like
one that does not exist (nor is its existence revealed by a 403).
"""

import posixpath

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from buyer_space.space import services as dashboard
from buyer_space.space.forms.documents import DataFileFilterForm
from buyer_space.space.models import DataFile, OtherDocument
from espace_site.files import private_file_response


def _send(field_file, filename):
    try:
        return private_file_response(field_file, filename)
    except (OSError, ValueError) as error:  # missing on disk, or no file at all
        raise Http404 from error


def other_document_filename(document):
    extension = posixpath.splitext(document.file.name)[1].lower()
    return f"{slugify(document.title) or 'document'}{extension}"


def data_file_filename(data_file):
    extension = posixpath.splitext(data_file.file.name)[1].lower()
    establishment = slugify(data_file.establishment.acronym or data_file.establishment.name)
    return (
        f"{data_file.kind}-{establishment}-{data_file.period_start:%Y-%m-%d}"
        f"-{data_file.period_end:%Y-%m-%d}{extension}"
    )


@require_safe
@login_required
def other_documents(request):
    """*Autres documents*: administrative documents and GEB files, by category."""
    if not rules.has_perm("space.view_other_documents", request.user):
        raise Http404
    sections = dashboard.other_document_sections(request.user)
    return render(
        request,
        "space/documents/other_documents.html",
        {"sections": sections, "total": sum(section.count for section in sections)},
    )


@require_safe
@login_required
def download_other_document(request, pk):
    document = OtherDocument.objects.filter(pk=pk).first()
    if document is None or not rules.has_perm(
        "space.download_other_document", request.user, document
    ):
        raise Http404
    return _send(document.file, other_document_filename(document))


@require_safe
@login_required
def data_files(request):
    """*Fichiers de données*: the billing reports, grouped as in the guide, newest first."""
    if not rules.has_perm("space.view_data_files", request.user):
        raise Http404
    queryset = dashboard.visible_data_files(request.user)
    establishments = dashboard.data_file_establishments(request.user)
    form = DataFileFilterForm(
        request.GET or None,
        establishments=establishments,
        years=dashboard.data_file_years(queryset),
    )
    filters = form.filters()
    if form.rejected():
        messages.warning(
            request, _("Un filtre demandé n'est pas disponible : il n'a pas été appliqué.")
        )
    if "etablissement" in filters:
        queryset = queryset.filter(establishment_id=filters["etablissement"])
    if "annee" in filters:
        queryset = queryset.filter(period_start__year=filters["annee"])
    sections = dashboard.data_file_sections(queryset)
    return render(
        request,
        "space/documents/data_files.html",
        {
            "sections": sections,
            "form": form,
            "filtered": bool(filters),
            "total": sum(section.count for section in sections),
            "several_establishments": len(establishments) > 1,
        },
    )


@require_safe
@login_required
def download_data_file(request, pk):
    data_file = DataFile.objects.select_related("establishment").filter(pk=pk).first()
    if data_file is None or not rules.has_perm("space.download_data_file", request.user, data_file):
        raise Http404
    return _send(data_file.file, data_file_filename(data_file))


# --- The staff's downloads, from the Wagtail admin (registered by ``wagtail_hooks``) ---------

STAFF_OTHER_DOCUMENT_URL_NAME = "space_otherdocument_download"
STAFF_DATA_FILE_URL_NAME = "space_datafile_download"


def staff_download_other_document(request, pk):
    if not rules.has_perm("space.staff_download_other_document", request.user):
        raise Http404
    document = OtherDocument.objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    return _send(document.file, other_document_filename(document))


def staff_download_data_file(request, pk):
    if not rules.has_perm("space.staff_download_data_file", request.user):
        raise Http404
    data_file = DataFile.objects.select_related("establishment").filter(pk=pk).first()
    if data_file is None:
        raise Http404
    return _send(data_file.file, data_file_filename(data_file))
