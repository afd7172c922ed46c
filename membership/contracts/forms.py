from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from catalogue.forms import FilterForm
from espace_site.forms import PrivateFileInput, private_upload_validators
from membership.contracts.choices import ContractStatus
from membership.contracts.models import Contract, ContractDocument, SubsequentContract


class ContractAdminForm(WagtailAdminModelForm):
    class Meta:
        model = Contract
        fields = [
            "establishment",
            "offer",
            "family",
            "number",
            "title",
            "origin",
            "start_date",
            "end_date",
        ]

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_date"), cleaned_data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin du marché ne peut précéder son début."))
        return cleaned_data


class SubsequentContractAdminForm(WagtailAdminModelForm):
    class Meta:
        model = SubsequentContract
        fields = ["contract", "reference", "title", "notified_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = Contract.objects.select_related("establishment")
        self.fields["contract"].label = _("Marché")


class ContractDocumentAdminForm(WagtailAdminModelForm):
    """A contract document; the file goes to the private storage and is linked only through
    the staff download view."""

    download_url_name = "contracts_contractdocument_download"

    class Meta:
        model = ContractDocument
        fields = ["contract", "subsequent_contract", "title", "file"]
        widgets = {"file": PrivateFileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = Contract.objects.select_related("establishment")
        self.fields["contract"].label = _("Marché")
        self.fields["subsequent_contract"].queryset = SubsequentContract.objects.all()
        file_field = self.fields["file"]
        file_field.validators = [*file_field.validators, *private_upload_validators()]
        if self.instance.pk:
            file_field.widget.download_url = reverse(
                self.download_url_name, args=[self.instance.pk]
            )
            file_field.widget.display_name = self.instance.file_name

    def save(self, commit=True):
        # The file is stored under a generated name: its own is kept for the downloads.
        if "file" in self.changed_data and self.cleaned_data.get("file"):
            self.instance.file_name = self.cleaned_data["file"].name[-255:]
        return super().save(commit=commit)


QUERY_MAX_LENGTH = 100


class ContractFilterForm(FilterForm):
    q = forms.CharField(
        label=_("Rechercher un marché"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text=_("Numéro de marché, intitulé ou titre de l'offre."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    etablissement = forms.TypedChoiceField(label=_("Établissement"), required=False, coerce=int)
    famille = forms.ChoiceField(label=_("Famille d'achat"), required=False)
    statut = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Tous les statuts")), *ContractStatus.choices],
    )

    FILTER_FIELDS = ("q", "etablissement", "famille", "statut")

    def __init__(self, data=None, *, establishments=(), families=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["etablissement"].choices = [
            ("", _("Tous mes établissements")),
            *((establishment.pk, str(establishment)) for establishment in establishments),
        ]
        if len(establishments) < 2:
            # One establishment: nothing to choose (a value sent anyway is still checked).
            self.fields["etablissement"].widget = forms.HiddenInput()
        self.fields["famille"].choices = [
            ("", _("Toutes les familles")),
            *((family.slug, family.name) for family in families),
        ]
        self.fields["q"].widget.attrs["aria-describedby"] = "id_q-aide"
