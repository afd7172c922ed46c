from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


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
    #: The file's own name, when it is stored under a generated one (set by the form).
    display_name = ""

    def format_value(self, value):
        if self.is_initial(value):
            name = self.display_name or value.name.rsplit("/", 1)[-1]
            return _StaffFileLink(name, self.download_url)
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


class ReviewDecisionForm(forms.Form):
    """The decision on a pending record: two submit buttons named ``decision`` (*accepter*,
    *refuser*) and the reason, required for a refusal when ``reason_required``."""

    ACCEPT = "accepter"
    REFUSE = "refuser"

    reason_required = True
    reason_max_length = 2000
    reason_label = _("Motif du refus")
    reason_help_text = _("Ce motif est envoyé par e-mail au demandeur.")
    reason_required_message = _("Indiquez le motif du refus : il est envoyé au demandeur.")

    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accepter")), (REFUSE, _("Refuser"))],
        error_messages={
            "required": _("Choisissez d'accepter ou de refuser."),
            "invalid_choice": _("Choisissez d'accepter ou de refuser."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label=self.reason_label,
            help_text=self.reason_help_text,
            required=False,
            max_length=self.reason_max_length,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def clean(self):
        cleaned = super().clean()
        refused = cleaned.get("decision") == self.REFUSE
        if refused and self.reason_required and not cleaned.get("reason", "").strip():
            self.add_error("reason", self.reason_required_message)
        return cleaned

    @property
    def accepted(self):
        return self.cleaned_data["decision"] == self.ACCEPT


class AdminLoginForm(LoginForm):
    """Wagtail's admin login with French labels: its password and "remember me" fields have
    none of their own, so the page showed the field names (« Password »)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mot de passe")
        self.fields["remember"].label = _("Rester connecté(e)")
