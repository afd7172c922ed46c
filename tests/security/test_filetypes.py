"""Every accepted type is checked by its structure: signature at offset 0, PDF trailer, readers
(zipfile, Pillow), no HTML near the start; in attachments, deposited zips and their entries."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from buyer_space.exchanges.services import attachment_errors
from espace_site import filetypes
from membership.deposits.services import zipcheck
from tests.factories import files

# The attack run's file: a web page that carries "%PDF-" in a comment.
HTML_AS_PDF = b"<!-- %PDF-1.4 -->\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"


def zip_bytes(entries, first_stored=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if first_stored:
            archive.writestr(zipfile.ZipInfo(first_stored[0]), first_stored[1])
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_bytes([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")])
XLSX = zip_bytes([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")])
ODT = zip_bytes(
    [("content.xml", b"<office:document-content/>")],
    first_stored=("mimetype", b"application/vnd.oasis.opendocument.text"),
)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504

GOOD = {
    "pdf": files.PDF,
    "doc": OLE2,
    "xls": OLE2,
    "docx": DOCX,
    "xlsx": XLSX,
    "odt": ODT,
    "png": files.PNG,
    "jpg": files.JPEG,
    "jpeg": files.JPEG,
    "zip": zip_bytes([("convention.pdf", files.PDF)]),
}

BAD = [
    ("pdf", HTML_AS_PDF),
    ("pdf", b"  %PDF-1.4\n%%EOF\n"),  # the signature not at offset 0
    ("pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n"),  # no trailer: truncated or not a PDF
    ("pdf", b"%PDF-1.4\n<script>alert(1)</script>\n%%EOF\n"),
    ("pdf", b"%PDF-1.4\n<SVG onload=alert(1)>\n%%EOF\n"),
    ("pdf", b"%PDF-1.4 <!DOCTYPE html>\n%%EOF\n"),
    ("doc", b"<html>" + OLE2),
    ("docx", zip_bytes([("[Content_Types].xml", b"<Types/>")])),  # no document part
    ("docx", XLSX),
    ("xlsx", DOCX),
    ("odt", DOCX),
    ("odt", zip_bytes([("mimetype", b"application/vnd.oasis.opendocument.text")])),
    ("png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),  # the signature alone is no image
    ("png", files.JPEG),
    ("jpg", files.PNG),
    ("jpg", b"\xff\xd8\xff\xe0" + b"\0" * 64),
    ("zip", b"PK\x03\x04 pas vraiment une archive"),
    ("zip", b"<html>" + GOOD["zip"]),
    ("exe", b"MZ\x90\x00"),  # an unknown type never matches
]


@pytest.mark.parametrize("extension", sorted(GOOD))
def test_a_real_file_of_each_accepted_type_matches(extension):
    upload = io.BytesIO(GOOD[extension])
    assert filetypes.matches(extension, upload)
    assert upload.tell() == 0


@pytest.mark.parametrize(("extension", "content"), BAD)
def test_a_file_whose_structure_is_not_its_type_is_refused(extension, content):
    assert not filetypes.matches(extension, io.BytesIO(content))


def test_an_html_page_with_pdf_in_a_comment_is_refused_as_an_attachment():
    errors = attachment_errors([SimpleUploadedFile("facture.pdf", HTML_AS_PDF)])
    assert errors == [
        "« facture.pdf » : son contenu ne correspond pas à un fichier PDF ; vérifiez le fichier "
        "ou son extension."
    ]
    assert attachment_errors([SimpleUploadedFile("facture.pdf", files.PDF)]) == []


@pytest.mark.parametrize(
    ("entry", "content", "label"),
    [
        ("convention.pdf", HTML_AS_PDF, "PDF"),
        ("convention.pdf", b"%PDF-1.4 sans fin de fichier", "PDF"),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG"),
        ("annexe.docx", zip_bytes([("[Content_Types].xml", b"<Types/>")]), "Word"),
    ],
)
def test_a_spoofed_entry_inside_a_deposited_zip_is_refused(entry, content, label):
    archive = SimpleUploadedFile(
        "convention.zip", zip_bytes([("convention-signee.pdf", files.PDF), (entry, content)])
    )
    with pytest.raises(ValidationError) as caught:
        zipcheck.check_archive(archive)
    assert caught.value.code == "spoofed_type"
    assert caught.value.messages == [
        f"« {entry} » : son contenu ne correspond pas à un fichier {label}."
    ]


def test_a_deposited_zip_of_real_files_passes():
    archive = SimpleUploadedFile(
        "convention.zip",
        zip_bytes([(f"piece.{extension}", GOOD[extension]) for extension in zipcheck.INNER_TYPES]),
    )
    summary = zipcheck.check_archive(archive)
    assert len(summary.names) == len(zipcheck.INNER_TYPES)
