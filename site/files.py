"""Private files: stored out of the public media folder, served only by permission-checked views.

In production the web server sends the bytes (``PRIVATE_MEDIA_SERVER``: ``x-sendfile`` for
Apache, ``x-accel-redirect`` for nginx), or the storage does (``redirect``: to a signed URL of
S3-compatible storage, valid a few minutes); by default Django streams them.
"""

import re
import uuid
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import storages
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.deconstruct import deconstructible

_SAFE_EXTENSION = re.compile(r"[a-z0-9]{1,10}")


def private_storage():
    """The storage of files that no public URL serves (``STORAGES["private"]``)."""
    return storages["private"]


@deconstructible
class GeneratedName:
    """An ``upload_to`` that stores a file under a name of its own: ``<folder>/YYYY/MM/<uuid>.ext``.

    The client's file name never reaches the storage (no path tricks, no clash, nothing
    personal in the file system); the model keeps it in a field, for display and for the
    download's ``Content-Disposition``.
    """

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        suffix = f".{extension}" if _SAFE_EXTENSION.fullmatch(extension) else ""
        return f"{self.folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, GeneratedName) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)


def private_file_response(field_file, filename=None, *, as_attachment=True):
    """A response carrying ``field_file``, never cached by a browser or a proxy."""
    filename = filename or field_file.name.rsplit("/", 1)[-1]
    server = settings.PRIVATE_MEDIA_SERVER
    disposition = "attachment" if as_attachment else "inline"
    disposition = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    if server == "redirect":
        # A signed URL naming the download (S3's response-content-disposition parameter).
        url = field_file.storage.url(
            field_file.name, parameters={"ResponseContentDisposition": disposition}
        )
        response = HttpResponseRedirect(url)
    elif server in ("x-sendfile", "x-accel-redirect"):
        response = HttpResponse(content_type="application/octet-stream")
        response["Content-Disposition"] = disposition
        if server == "x-sendfile":
            response["X-Sendfile"] = field_file.path
        else:
            internal = settings.PRIVATE_MEDIA_INTERNAL_URL.rstrip("/")
            response["X-Accel-Redirect"] = f"{internal}/{quote(field_file.name)}"
    else:
        response = FileResponse(
            field_file.open("rb"), as_attachment=as_attachment, filename=filename
        )
    patch_cache_control(response, private=True, no_store=True)
    return response
