import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from espace_site.forms import ReviewDecisionForm
from membership.establishments.models import EntityRequest, Establishment, EstablishmentGroup
from membership.establishments.services.entity_requests import submit_entity_request
from membership.establishments.validators import normalize_siret, validate_siret

# Something that a browser would read as a tag or a comment: ``<b``, ``</``, ``<!``, ``<?``.
MARKUP_RE = re.compile(r"<[a-zA-Z/!?]")


MARKUP_MESSAGE = _("Saisissez du texte simple, sans balises HTML (caractères « < » et « > »).")


SIRET_UNIQUE_MESSAGE = _("Un établissement avec ce N° SIRET existe déjà.")


class SiretField(forms.CharField):
    """14 digits; the spaces and dots people type to group them are removed before checking."""

    default_validators = [validate_siret]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("N° SIRET"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "off", "maxlength": "20"})
        return attrs

    def to_python(self, value):
        return normalize_siret(super().to_python(value))


class AmountField(forms.DecimalField):
    """A euro amount as people type it in French: ``1 234,56`` or ``1234.56 €``."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs["inputmode"] = "decimal"
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f€]", "", value).replace(",", ".")
        return super().to_python(value)


class EstablishmentFieldsFormMixin:
    """Checks shared by every form of the *Entité de rattachement* fields."""

    plain_text_fields = ("name", "acronym", "address", "city", "group_name", "group_role_label")

    def clean(self):
        cleaned_data = super().clean()
        for name in self.plain_text_fields:
            value = cleaned_data.get(name)
            if isinstance(value, str) and MARKUP_RE.search(value):
                self.add_error(name, MARKUP_MESSAGE)
        if "annual_purchase_amount" in cleaned_data and (
            cleaned_data["annual_purchase_amount"] is None
        ):
            cleaned_data["annual_purchase_amount"] = Decimal(0)
        return cleaned_data


# The admin forms list their fields: Wagtail's form metaclass does not expand ``"__all__"`` (the
# panels give the fields in the admin, and the tests use these forms on their own).
class EstablishmentAdminForm(EstablishmentFieldsFormMixin, WagtailAdminModelForm):
    siret = SiretField(error_messages={"unique": SIRET_UNIQUE_MESSAGE})
    annual_purchase_amount = AmountField(
        label=_("Montant des dépenses achats (€ TTC annuel)"), required=False, initial=0
    )

    class Meta:
        model = Establishment
        fields = [
            "name",
            "siret",
            "acronym",
            "address",
            "postcode",
            "city",
            "activity_domain",
            "legal_status",
            "is_member",
            "member_since",
            "revenue_title_method",
            "annual_purchase_amount",
            "group",
            "group_role",
        ]


class EstablishmentGroupAdminForm(EstablishmentFieldsFormMixin, WagtailAdminModelForm):
    class Meta:
        model = EstablishmentGroup
        fields = ["name", "support"]
        error_messages = {"name": {"unique": _("Un GHT porte déjà ce nom.")}}


class EntityRequestAdminForm(EstablishmentFieldsFormMixin, WagtailAdminModelForm):
    """The staff may correct a pending request before accepting it."""

    siret = SiretField()
    annual_purchase_amount = AmountField(
        label=_("Montant des dépenses achats (€ TTC annuel)"), required=False, initial=0
    )

    class Meta:
        model = EntityRequest
        fields = [
            "name",
            "siret",
            "acronym",
            "address",
            "postcode",
            "city",
            "activity_domain",
            "legal_status",
            "group_name",
            "group_role_label",
            "revenue_title_method",
            "annual_purchase_amount",
            "wants_admin_role",
        ]


class EntityRequestForm(EstablishmentFieldsFormMixin, forms.ModelForm):
    """The guide's second registration form (*Vous n'avez pas sélectionné d'entité…*).

    The view sets the requester: ``form.save(requester=user, wants_admin_role=…)``. A requester's
    second request for the same SIRET, while the first is pending, updates the first.
    """

    siret = SiretField(label=_("N° SIRET"))
    annual_purchase_amount = AmountField(
        label=_("Montant des dépenses achats (En €/TTC annuel)"), required=False, initial=0
    )

    class Meta:
        model = EntityRequest
        fields = [
            "name",
            "siret",
            "acronym",
            "address",
            "city",
            "postcode",
            "activity_domain",
            "group_name",
            "group_role_label",
            "legal_status",
            "revenue_title_method",
            "annual_purchase_amount",
        ]
        labels = {
            "name": _("Nom de l'entité juridique"),
            "acronym": _("Sigle"),
            "address": _("Adresse"),
            "city": _("Ville"),
            "postcode": _("Code postal"),
            "activity_domain": _("Domaine d'activité"),
            "group_name": _("GHT"),
            "group_role_label": _("Rôle au sein du GHT"),
            "legal_status": _("Statut de l'entité"),
            "revenue_title_method": _("Méthode d'envoi des titres de recette"),
        }
        widgets = {
            "name": forms.TextInput(attrs={"placeholder": _("Nom")}),
            "acronym": forms.TextInput(attrs={"placeholder": _("Sigle")}),
            "address": forms.TextInput(
                attrs={"placeholder": _("Adresse"), "autocomplete": "street-address"}
            ),
            "city": forms.TextInput(
                attrs={"placeholder": _("Ville"), "autocomplete": "address-level2"}
            ),
            "postcode": forms.TextInput(
                attrs={
                    "placeholder": _("Code postal"),
                    "inputmode": "numeric",
                    "autocomplete": "postal-code",
                }
            ),
            "group_name": forms.TextInput(attrs={"placeholder": _("GHT, le cas échéant")}),
            "group_role_label": forms.TextInput(
                attrs={"placeholder": _("Rôle au sein du GHT, le cas échéant")}
            ),
        }

    def __init__(self, *args, requester=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requester = requester
        self.fields["siret"].widget.attrs["placeholder"] = _("Siret")
        # The selects start on *Choisir…*, like the first step's (not Django's ``---------``).
        for name in ("activity_domain", "legal_status", "revenue_title_method"):
            field = self.fields[name]
            field.choices = [("", _("Choisir…")), *list(field.choices)[1:]]

    def clean_siret(self):
        siret = self.cleaned_data["siret"]
        existing = Establishment.objects.filter(siret=siret).only("name", "acronym").first()
        if existing is not None:
            raise forms.ValidationError(
                _(
                    "L'entité « %(name)s » porte déjà ce N° SIRET : sélectionnez-la dans la "
                    "liste des entités juridiques du formulaire d'inscription."
                ),
                code="exists",
                params={"name": str(existing)},
            )
        return siret

    def save(self, commit=True, requester=None, **extra):
        requester = requester or self.requester
        if not commit or requester is None:
            raise ValueError("EntityRequestForm.save() needs the requester and commits.")
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        self.instance, _created = submit_entity_request(requester, data, **extra)
        return self.instance


class EntityRequestDecisionForm(ReviewDecisionForm):
    """Accept an entity request, or refuse it with a reason e-mailed to the requester."""
