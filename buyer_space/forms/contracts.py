"""The filter form of *Marchés en cours* (a GET form: every field optional, bad values ignored)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.forms import FilterForm
from membership.choices import ContractStatus

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
