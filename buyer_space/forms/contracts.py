"""The filter form of *Marchés en cours* (a GET form: every field optional, bad values ignored)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from membership.choices import ContractStatus

QUERY_MAX_LENGTH = 100


class ContractFilterForm(forms.Form):
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
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

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

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def filters(self):
        """The valid filters only: an invalid field is dropped (its error is still shown)."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            for name in self.errors:
                if name in self.fields:
                    attrs = self.fields[name].widget.attrs
                    attrs["aria-invalid"] = "true"
                    described_by = f"{attrs.get('aria-describedby', '')} id_{name}-erreur"
                    attrs["aria-describedby"] = described_by.strip()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name in self.FILTER_FIELDS
            if cleaned.get(name) not in (None, "")
        }

    def page_number(self):
        if not self.is_bound:
            return 1
        self.is_valid()
        return self.cleaned_data.get("page") or 1

    def visible_errors(self):
        """Errors worth telling the buyer (a bad page number is silently ignored)."""
        if not self.is_bound:
            return {}
        return {name: errors for name, errors in self.errors.items() if name != "page"}
