"""The filter form of the catalogue index (a GET form: every field optional, bad values ignored)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AccessMode, OfferStatus

QUERY_MAX_LENGTH = 200
# Characters kept in a full-text query: letters, digits, spaces, hyphens and apostrophes.
_UNSAFE_QUERY_CHARS = re.compile(r"[^\w\s'’-]+")
# A single token that begins like an offer reference: "2023", "2023-R087", "2021-058-007-…".
REFERENCE_PREFIX = re.compile(r"\d{4}(?:-[0-9A-Za-z]*)*", re.ASCII)


class FilterForm(forms.Form):
    """A GET filter form: every field optional, a bad value dropped (its error still shown),
    a ``q`` search box whose spaces are normalised and a silent ``page`` number.

    Subclasses declare their fields and ``FILTER_FIELDS``, the names :meth:`filters` returns.
    """

    FILTER_FIELDS = ()

    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

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
        """Errors worth telling the visitor (a bad page number is silently ignored)."""
        if not self.is_bound:
            return {}
        return {name: errors for name, errors in self.errors.items() if name != "page"}


class CatalogueFilterForm(FilterForm):
    q = forms.CharField(
        label=_("Rechercher une offre"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text=_("Intitulé, référence, titulaire ou mot du résumé."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    famille = forms.ChoiceField(label=_("Famille d'achat"), required=False)
    mode = forms.ChoiceField(
        label=_("Mode d'accès"),
        required=False,
        choices=[("", _("Tous les modes")), *AccessMode.choices],
    )
    statut = forms.ChoiceField(
        label=_("Disponibilité"),
        required=False,
        choices=[("", _("Toutes")), *OfferStatus.choices],
    )

    FILTER_FIELDS = ("q", "famille", "mode", "statut")

    def __init__(self, data=None, *, families=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["famille"].choices = [
            ("", _("Toutes les familles")),
            *((family.slug, family.name) for family in families),
        ]
        self.fields["q"].widget.attrs["aria-describedby"] = "id_q-aide"


def full_text_terms(query):
    """The query with the characters the search engines treat as syntax replaced by spaces."""
    return " ".join(_UNSAFE_QUERY_CHARS.sub(" ", query).split())


def looks_like_reference(query):
    return bool(REFERENCE_PREFIX.fullmatch(query))
