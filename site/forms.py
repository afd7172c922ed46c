from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _


class _StaffFileLink:
    """What :class:`PrivateFileInput` shows for the current file: its name and a link to the
    permission-checked download view (``url``), never the storage's URL."""

    def __init__(self, name, url):
        self.name = name
        self.url = url

    def __str__(self):
        return self.name


class PrivateFileInput(forms.ClearableFileInput):
    """A file input whose *current file* link goes through ``download_url`` (set by the form)."""

    download_url = ""

    def format_value(self, value):
        if self.is_initial(value):
            return _StaffFileLink(value.name.rsplit("/", 1)[-1], self.download_url)
        return None


def private_upload_validators():
    """The extensions and size the admin accepts for a private document (as for Wagtail's)."""
    return [
        FileExtensionValidator(settings.WAGTAILDOCS_EXTENSIONS),
        validate_upload_size,
    ]


def validate_upload_size(upload):
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if limit and upload is not None and upload.size > limit:
        raise forms.ValidationError(
            _("Ce fichier dépasse la taille maximale autorisée (%(limit)s Mo)."),
            params={"limit": limit // (1024 * 1024)},
            code="file_too_large",
        )
