"""Checks of an uploaded zip archive (the signed convention), done before the file is kept.

Nothing is extracted into the storage. The archive's central directory is read first (entry
count, declared sizes and compression ratios, paths, symbolic links, encryption, inner types by
extension); then every entry is read as a stream, a chunk at a time, with a cap on the bytes
actually produced, so that an archive whose headers lie about the sizes is caught too; each
entry, copied to a temporary spool, is checked against its declared type
(:mod:`espace_site.filetypes`: signature, structure, no HTML)."""

import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from espace_site import filetypes

MAX_ARCHIVE_SIZE = 50 * 1024 * 1024
MAX_ENTRIES = 50
MAX_TOTAL_SIZE = 200 * 1024 * 1024
#: Above this size, an entry must not be compressed more than ``MAX_RATIO`` times.
RATIO_FLOOR = 1024 * 1024
MAX_RATIO = 100
CHUNK = 64 * 1024
#: Entries are spooled to disk beyond this size while they are checked.
SPOOL_SIZE = 1024 * 1024

#: The entries' accepted extensions; each entry's content is checked by
#: :mod:`espace_site.filetypes` (signature, structure, no HTML).
INNER_TYPES = {
    extension: filetypes.FILE_TYPES[extension]
    for extension in ("pdf", "doc", "docx", "odt", "png", "jpg", "jpeg")
}
ACCEPTED_TYPES_LABEL = _("PDF, Word (.doc, .docx, .odt), images PNG ou JPEG")


def _error(message, code, **params):
    return ValidationError(message, code=code, params=params)


@dataclass(frozen=True)
class ArchiveSummary:
    names: list
    total_size: int


def _bad_path(name):
    """Absolute paths (``/x``, ``\\x``, ``C:x``) and any ``..`` component."""
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return True
    return ".." in PurePosixPath(normalised).parts


def _is_symlink(info):
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _check_directory(infos):
    files = [info for info in infos if not info.is_dir()]
    if len(infos) > MAX_ENTRIES:
        raise _error(
            _("L'archive contient %(count)d éléments : %(max)d au maximum."),
            "too_many_entries",
            count=len(infos),
            max=MAX_ENTRIES,
        )
    if not files:
        raise _error(_("L'archive ne contient aucun fichier."), "empty_archive")
    for info in infos:
        if _bad_path(info.filename):
            raise _error(
                _(
                    "L'archive contient un chemin interdit (« %(entry)s ») : les chemins "
                    "absolus et les remontées « .. » ne sont pas acceptés."
                ),
                "bad_path",
                entry=info.filename,
            )
        if _is_symlink(info):
            raise _error(
                _("L'archive contient un lien symbolique (« %(entry)s ») : il n'est pas accepté."),
                "symlink",
                entry=info.filename,
            )
        if info.flag_bits & 0x1:
            raise _error(
                _(
                    "« %(entry)s » est protégé par un mot de passe : déposez une archive sans "
                    "mot de passe."
                ),
                "encrypted",
                entry=info.filename,
            )
    total = sum(info.file_size for info in files)
    if total > MAX_TOTAL_SIZE:
        raise _error(
            _(
                "Une fois décompressée, l'archive pèserait %(size)s : %(max)s au maximum. "
                "Elle est refusée."
            ),
            "too_large_uncompressed",
            size=filesizeformat(total),
            max=filesizeformat(MAX_TOTAL_SIZE),
        )
    for info in files:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _error(
                _(
                    "« %(entry)s » est compressé de façon anormale (archive piégée ?) : "
                    "l'archive est refusée."
                ),
                "ratio",
                entry=info.filename,
            )
        if filetypes.extension_of(info.filename) not in INNER_TYPES:
            raise _error(
                _(
                    "« %(entry)s » : ce type de fichier n'est pas accepté dans l'archive. "
                    "Types acceptés : %(types)s."
                ),
                "inner_type",
                entry=info.filename,
                types=ACCEPTED_TYPES_LABEL,
            )
    return files


def _read_entries(archive, files):
    """Stream every entry with a cap on the bytes produced; check each one's content."""
    produced = 0
    for info in files:
        entry_bytes = 0
        extension = filetypes.extension_of(info.filename)
        with (
            archive.open(info) as stream,
            tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE) as copy,
        ):
            while chunk := stream.read(CHUNK):
                entry_bytes += len(chunk)
                produced += len(chunk)
                if entry_bytes > info.file_size or produced > MAX_TOTAL_SIZE:
                    raise _error(
                        _(
                            "« %(entry)s » se décompresse au-delà de la taille annoncée "
                            "(archive piégée ?) : l'archive est refusée."
                        ),
                        "lying_header",
                        entry=info.filename,
                    )
                copy.write(chunk)
            if not filetypes.matches(extension, copy):
                raise _error(
                    _("« %(entry)s » : son contenu ne correspond pas à un fichier %(type)s."),
                    "spoofed_type",
                    entry=info.filename,
                    type=INNER_TYPES[extension].label,
                )
    return produced


def check_archive(upload):
    """Raise :class:`ValidationError` (French message) unless ``upload`` is an acceptable zip.

    ``upload`` is an uploaded file (``name``, ``size``, seekable). Returns an
    :class:`ArchiveSummary`; the file is rewound.
    """
    name = getattr(upload, "name", "") or ""
    size = upload.size
    if not size:
        raise _error(_("Le fichier « %(name)s » est vide."), "empty", name=name)
    if size > MAX_ARCHIVE_SIZE:
        raise _error(
            _("Le fichier pèse %(size)s : la taille maximale est de %(max)s."),
            "too_big",
            size=filesizeformat(size),
            max=filesizeformat(MAX_ARCHIVE_SIZE),
        )
    not_a_zip = _error(
        _(
            "Le fichier « %(name)s » n'est pas une archive zip valide. Choisissez un fichier "
            ".zip regroupant la convention, les annexes et l'EJ ou le bon de commande."
        ),
        "not_zip",
        name=name,
    )
    if not name.lower().endswith(".zip"):
        raise not_a_zip
    try:
        upload.seek(0)
        if not zipfile.is_zipfile(upload):
            raise not_a_zip
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            files = _check_directory(archive.infolist())
            total = _read_entries(archive, files)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError) as exc:
        raise not_a_zip from exc
    except (NotImplementedError, RuntimeError) as exc:  # unknown compression, encryption
        raise _error(
            _(
                "L'archive « %(name)s » utilise un format de compression non pris en charge : "
                "recréez-la avec l'outil de compression standard de votre ordinateur."
            ),
            "unsupported",
            name=name,
        ) from exc
    finally:
        upload.seek(0)
    return ArchiveSummary(names=[info.filename for info in files], total_size=total)


def validate_convention_archive(upload):
    """Form-field validator form of :func:`check_archive`."""
    check_archive(upload)
