"""What a file really is: each accepted type checked by its structure, not by its name.

A file passes as its extension's type only if its signature is at offset 0 (a PDF also ends
with its ``%%EOF`` trailer), its structure opens with the right reader (``zipfile`` for zip,
Office Open XML and OpenDocument files, Pillow for images), and nothing near its start looks
like HTML, SVG or script that a browser could run (a page with ``%PDF-`` inside a comment is not
a PDF). Used for the exchanges' attachments, the deposited zip archives and each of their
entries; each caller keeps its own list of accepted extensions and its French messages.
"""

import re
import zipfile
from dataclasses import dataclass

from PIL import Image

#: How far from the start a browser looks for HTML when it sniffs a file.
HEAD_SIZE = 1024
#: The PDF trailer must be within this many bytes of the end (the PDF specification's margin).
PDF_TRAILER_WINDOW = 1024

_HTML_SIGNATURE = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta|!--)", re.IGNORECASE
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 and Excel 97-2003
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # an archive, or an empty archive


def _read_head(file, size=HEAD_SIZE):
    file.seek(0)
    return file.read(size)


def _read_tail(file, size):
    file.seek(0, 2)
    end = file.tell()
    file.seek(max(end - size, 0))
    return file.read(size)


def looks_like_html(head):
    """Whether ``head`` (a file's first bytes) holds an HTML, SVG or script signature."""
    return _HTML_SIGNATURE.search(head) is not None


def _is_pdf(file):
    return _read_head(file, 5) == b"%PDF-" and b"%%EOF" in _read_tail(file, PDF_TRAILER_WINDOW)


def _is_ole2(file):
    return _read_head(file, len(_OLE2)) == _OLE2


def _zip_infos(file):
    """The entries of a zip archive that starts at offset 0, or ``None``."""
    if not _read_head(file, 4).startswith(_ZIP_SIGNATURES):
        return None
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None


def _is_zip(file):
    return _zip_infos(file) is not None


def _office_open_xml(main_part):
    """An Office Open XML file: a zip with its content types and its main part."""

    def check(file):
        infos = _zip_infos(file)
        names = {info.filename for info in infos or ()}
        return "[Content_Types].xml" in names and main_part in names

    return check


def _opendocument(mimetype):
    """An OpenDocument file: a zip whose first entry is ``mimetype``, stored, naming its type."""

    def check(file):
        infos = _zip_infos(file)
        if not infos or infos[0].filename != "mimetype":
            return False
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                declared = archive.read(infos[0]).strip()
                names = set(archive.namelist())
        except (
            zipfile.BadZipFile,
            OSError,
            ValueError,
            EOFError,
            RuntimeError,
            NotImplementedError,
        ):
            return False
        return declared == mimetype and "content.xml" in names

    return check


def _image(pillow_format):
    def check(file):
        try:
            file.seek(0)
            with Image.open(file) as image:
                if image.format != pillow_format:
                    return False
                image.verify()
        except Exception:  # noqa: BLE001 — Pillow raises many kinds on a broken image
            return False
        return True

    return check


@dataclass(frozen=True)
class FileType:
    label: str
    check: object  # fn(seekable binary file) -> bool


FILE_TYPES = {
    "pdf": FileType("PDF", _is_pdf),
    "doc": FileType("Word", _is_ole2),
    "docx": FileType("Word", _office_open_xml("word/document.xml")),
    "odt": FileType(
        "Word (OpenDocument)", _opendocument(b"application/vnd.oasis.opendocument.text")
    ),
    "xls": FileType("Excel", _is_ole2),
    "xlsx": FileType("Excel", _office_open_xml("xl/workbook.xml")),
    "png": FileType("PNG", _image("PNG")),
    "jpg": FileType("JPEG", _image("JPEG")),
    "jpeg": FileType("JPEG", _image("JPEG")),
    "zip": FileType("ZIP", _is_zip),
}


def extension_of(name):
    """``"Rapport.PDF"`` → ``"pdf"``; ``""`` without an extension."""
    name = (name or "").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def matches(extension, file):
    """Whether ``file`` (seekable, binary) really is a file of type ``extension``.

    The file is rewound afterwards. An extension this module does not know never matches.
    """
    file_type = FILE_TYPES.get(extension)
    if file_type is None:
        return False
    try:
        if looks_like_html(_read_head(file)):
            return False
        return bool(file_type.check(file))
    finally:
        file.seek(0)
