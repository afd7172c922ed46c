"""The convention zip is checked before it is kept: each bad archive gets its French message."""

import io
import os
import stat
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from membership.deposits.services import zipcheck
from tests.factories import files

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
PNG = files.PNG
JPEG = files.JPEG
EXE = b"MZ\x90\x00" + b"\0" * 64


def _office(first_name, first_data, extra):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as inner:
        inner.writestr(zipfile.ZipInfo(first_name), first_data)
        for name, data in extra:
            inner.writestr(name, data)
    return buffer.getvalue()


DOCX = _office("[Content_Types].xml", b"<Types/>", [("word/document.xml", b"<w:document/>")])
ODT = _office("mimetype", b"application/vnd.oasis.opendocument.text", [("content.xml", b"<x/>")])


def make_zip(entries, name="convention.zip", compression=zipfile.ZIP_DEFLATED):
    """``entries``: (name or ZipInfo, bytes) pairs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for entry, data in entries:
            archive.writestr(entry, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def error_of(upload):
    with pytest.raises(ValidationError) as caught:
        zipcheck.check_archive(upload)
    error = caught.value
    return error.code, error.messages[0]


def test_a_good_archive_passes_and_is_rewound():
    upload = make_zip(
        [
            ("convention.pdf", PDF),
            ("annexes/annexe-1.docx", DOCX),
            ("annexes/annexe-2.odt", ODT),
            ("annexes/", b""),
            ("bon-de-commande.DOC", DOC),
            ("scan/ej.png", PNG),
            ("scan/ej-verso.jpeg", JPEG),
            ("scan/ej-recto.jpg", JPEG),
        ]
    )
    summary = zipcheck.check_archive(upload)
    assert "convention.pdf" in summary.names
    assert "annexes/" not in summary.names
    assert upload.tell() == 0


def test_not_a_zip():
    code, message = error_of(SimpleUploadedFile("convention.zip", PDF))
    assert code == "not_zip"
    assert message.startswith("Le fichier « convention.zip » n'est pas une archive zip valide.")


def test_a_zip_under_another_extension_is_refused():
    upload = make_zip([("convention.pdf", PDF)], name="convention.pdf")
    assert error_of(upload)[0] == "not_zip"


def test_a_truncated_zip_is_not_a_zip():
    content = make_zip([("convention.pdf", PDF * 100)]).read()
    code, _ = error_of(SimpleUploadedFile("convention.zip", content[: len(content) // 2]))
    assert code == "not_zip"


def test_an_empty_file():
    code, message = error_of(SimpleUploadedFile("convention.zip", b""))
    assert (code, message) == ("empty", "Le fichier « convention.zip » est vide.")


def test_an_archive_without_files():
    assert error_of(make_zip([]))[0] == "empty_archive"
    code, message = error_of(make_zip([("dossier/", b"")]))
    assert (code, message) == ("empty_archive", "L'archive ne contient aucun fichier.")


def test_too_big(monkeypatch):
    monkeypatch.setattr(zipcheck, "MAX_ARCHIVE_SIZE", 1000)
    code, message = error_of(make_zip([("convention.pdf", PDF + os.urandom(3000))]))
    assert code == "too_big"
    assert message.startswith("Le fichier pèse ")
    assert "la taille maximale est de 1000" in message


def test_the_size_limit_is_50_mo():
    assert zipcheck.MAX_ARCHIVE_SIZE == 50 * 1024 * 1024


def test_a_bomb_by_ratio():
    upload = make_zip([("convention.pdf", PDF + b"\0" * (3 * 1024 * 1024))])
    code, message = error_of(upload)
    assert code == "ratio"
    assert message == (
        "« convention.pdf » est compressé de façon anormale (archive piégée ?) : l'archive est "
        "refusée."
    )


def test_a_bomb_by_total_size(monkeypatch):
    monkeypatch.setattr(zipcheck, "MAX_TOTAL_SIZE", 200 * 1024)
    upload = make_zip([(f"piece-{n}.pdf", PDF + os.urandom(50 * 1024)) for n in range(5)])
    code, message = error_of(upload)
    assert code == "too_large_uncompressed"
    assert message.startswith("Une fois décompressée, l'archive pèserait")


def _lie_about_size(content, entry_name, declared):
    """Rewrite the uncompressed size of ``entry_name`` in both headers of the archive."""
    data = bytearray(content)
    name = entry_name.encode()
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    assert data[local + 30 : local + 30 + len(name)] == name
    struct.pack_into("<I", data, local + 22, declared)
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def test_a_bomb_whose_headers_lie_about_the_size():
    """The directory announces 1 kB, the stream holds 3 MB: the capped read stops it."""
    content = make_zip([("convention.pdf", PDF + b"\0" * (3 * 1024 * 1024))]).read()
    forged = SimpleUploadedFile("convention.zip", _lie_about_size(content, "convention.pdf", 1024))
    code, message = error_of(forged)
    # Python's reader stops at the announced size and the CRC then fails: either way refused
    # before anything is kept, with no more than the announced bytes decompressed.
    assert code in {"lying_header", "not_zip"}
    assert "archive" in message


@pytest.mark.parametrize(
    "entry", ["../x.pdf", "/etc/x.pdf", "dossier/../../x.pdf", "C:/x.pdf", "\\\\serveur\\x.pdf"]
)
def test_traversal_and_absolute_paths(entry):
    info = zipfile.ZipInfo("x.pdf")
    info.filename = entry  # ZipInfo() would normalise it away; an attacker's tool does not
    code, message = error_of(make_zip([(info, PDF)]))
    assert code == "bad_path"
    assert message == (
        f"L'archive contient un chemin interdit (« {entry} ») : les chemins absolus et les "
        "remontées « .. » ne sont pas acceptés."
    )


def test_a_symlink_entry():
    info = zipfile.ZipInfo("convention.pdf")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    code, message = error_of(make_zip([(info, b"/etc/passwd")]))
    assert code == "symlink"
    assert "lien symbolique (« convention.pdf »)" in message


def test_an_encrypted_entry():
    content = bytearray(make_zip([("convention.pdf", PDF)]).read())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = content.find(signature)
        flags = struct.unpack_from("<H", content, position + offset)[0]
        struct.pack_into("<H", content, position + offset, flags | 0x1)  # "encrypted"
    code, message = error_of(SimpleUploadedFile("convention.zip", bytes(content)))
    assert code == "encrypted"
    assert "protégé par un mot de passe" in message


def test_too_many_entries():
    upload = make_zip([(f"piece-{n}.pdf", PDF) for n in range(51)])
    code, message = error_of(upload)
    assert (code, message) == (
        "too_many_entries",
        "L'archive contient 51 éléments : 50 au maximum.",
    )
    assert zipcheck.check_archive(make_zip([(f"piece-{n}.pdf", PDF) for n in range(50)]))


@pytest.mark.parametrize("entry", ["setup.exe", "macro.js", "LISEZMOI", "archive.zip", "x.pdf.exe"])
def test_disallowed_inner_types(entry):
    code, message = error_of(make_zip([("convention.pdf", PDF), (entry, EXE)]))
    assert code == "inner_type"
    assert message == (
        f"« {entry} » : ce type de fichier n'est pas accepté dans l'archive. Types acceptés : "
        "PDF, Word (.doc, .docx, .odt), images PNG ou JPEG."
    )


@pytest.mark.parametrize(
    ("entry", "content", "label"),
    [
        ("convention.pdf", EXE, "PDF"),
        ("annexe.docx", PDF, "Word"),
        ("annexe.doc", PDF, "Word"),
        ("annexe.odt", DOCX, "Word (OpenDocument)"),
        ("scan.png", JPEG, "PNG"),
        ("scan.jpg", b"<script>alert(1)</script>", "JPEG"),
    ],
)
def test_a_spoofed_extension(entry, content, label):
    code, message = error_of(make_zip([(entry, content)]))
    assert code == "spoofed_type"
    assert message == f"« {entry} » : son contenu ne correspond pas à un fichier {label}."


def test_an_unsupported_compression_method():
    content = bytearray(make_zip([("convention.pdf", PDF)], compression=zipfile.ZIP_STORED).read())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        position = content.find(signature)
        struct.pack_into("<H", content, position + offset, 99)  # AES / unknown method
    code, message = error_of(SimpleUploadedFile("convention.zip", bytes(content)))
    assert code == "unsupported"
    assert "format de compression non pris en charge" in message
