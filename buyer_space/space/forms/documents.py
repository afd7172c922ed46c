"""The filter of *Fichiers de données* (a GET form: every field optional, bad values ignored),
and the staff's admin forms of *Autres documents* and *Fichiers de données*."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from buyer_space.space.models import DataFile, OtherDocument
from espace_site.forms import PrivateFileInput, private_upload_validators, validate_upload_size


class DataFileFilterForm(forms.Form):
    etablissement = forms.TypedChoiceField(label=_("Établissement"), required=False, coerce=int)
    annee = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int)

    def __init__(self, data=None, *, establishments=(), years=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["etablissement"].choices = [
            ("", _("Tous mes établissements")),
            *((establishment.pk, establishment.name) for establishment in establishments),
        ]
        self.fields["annee"].choices = [
            ("", _("Toutes les années")),
            *((year, str(year)) for year in years),
        ]
        self.several_establishments = len(establishments) > 1

    def filters(self):
        """The valid filters only: a value that is not offered is dropped, not an error page."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: self.cleaned_data[name]
            for name in ("etablissement", "annee")
            if name not in self.errors and self.cleaned_data.get(name) not in (None, "")
        }

    def rejected(self):
        return self.is_bound and bool(self.errors)


# --- The staff's forms in the Wagtail admin -------------------------------------------------

DATA_FILE_EXTENSIONS = ["xlsx", "xls", "ods", "csv"]


class _PrivateFileAdminForm(WagtailAdminModelForm):
    """The file goes to the private storage; the form links the current one only through the
    staff download view (``download_url_name``), never a storage URL."""

    download_url_name = ""
    extensions = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        file_field = self.fields["file"]
        file_field.widget = PrivateFileInput()
        validators = (
            [FileExtensionValidator(self.extensions), validate_upload_size]
            if self.extensions
            else private_upload_validators()
        )
        file_field.validators = [*file_field.validators, *validators]
        if self.instance.pk:
            file_field.widget.download_url = reverse(
                self.download_url_name, args=[self.instance.pk]
            )


class OtherDocumentAdminForm(_PrivateFileAdminForm):
    download_url_name = "space_otherdocument_download"

    class Meta:
        model = OtherDocument
        fields = ["title", "category", "establishment", "published_on", "file"]


class DataFileAdminForm(_PrivateFileAdminForm):
    download_url_name = "space_datafile_download"
    extensions = DATA_FILE_EXTENSIONS

    class Meta:
        model = DataFile
        fields = ["establishment", "group", "kind", "period_start", "period_end", "file"]

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("period_start"), cleaned_data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("La fin de la période ne peut précéder son début."))
        group, establishment = cleaned_data.get("group"), cleaned_data.get("establishment")
        if group and establishment and group.support_id != establishment.pk:
            self.add_error(
                "group",
                _("Le rapport d'un GHT est rattaché à l'établissement support de ce GHT."),
            )
        return cleaned_data
