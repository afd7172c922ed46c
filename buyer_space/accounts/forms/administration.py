"""Forms of the establishment admin: search, decisions, account creation, rights, deletion."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from buyer_space.accounts.choices import Civility, Function, Role
from buyer_space.accounts.forms.account import PhoneField
from catalogue.models import PurchaseFamily
from espace_site.forms import ReviewDecisionForm

MARKUP_RE = re.compile(r"[<>{}]")


def validate_no_markup(value):
    if MARKUP_RE.search(value or ""):
        raise ValidationError(
            _("Les caractères < > { } ne sont pas acceptés dans ce champ."), code="markup"
        )


class UserSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher un utilisateur (nom, prénom ou e-mail)"),
        required=False,
        max_length=100,
    )

    def terms(self):
        if not self.is_valid():
            return []
        return [term for term in self.cleaned_data["q"].split() if term][:5]


class DecisionForm(ReviewDecisionForm):
    """Accept (with the role) or refuse (with an optional reason) a pending request."""

    reason_required = False
    reason_max_length = 500
    reason_label = _("Motif du refus (facultatif)")
    reason_help_text = ""

    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices, required=False)

    def __init__(self, *args, affiliation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if affiliation is not None:
            self.fields["role"].initial = affiliation.requested_role
            prefix = f"decision-{affiliation.pk}"
            self.auto_id = f"id_{prefix}_%s"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.ACCEPT and not cleaned.get("role"):
            self.add_error("role", _("Choisissez le rôle accordé."))
        return cleaned


class CreateUserForm(forms.Form):
    """*Créer un utilisateur*: the person's details and role in the establishment."""

    civility = forms.ChoiceField(
        label=_("Civilité"), choices=[("", _("Choisir…")), *Civility.choices]
    )
    first_name = forms.CharField(label=_("Prénom"), max_length=150, validators=[validate_no_markup])
    last_name = forms.CharField(label=_("Nom"), max_length=150, validators=[validate_no_markup])
    email = forms.EmailField(label=_("Email"), max_length=150)
    phone = PhoneField(label=_("Téléphone"), max_length=20)
    service = forms.CharField(label=_("Service"), max_length=120, validators=[validate_no_markup])
    job_title = forms.CharField(
        label=_("Intitulé exact du poste"), max_length=150, validators=[validate_no_markup]
    )
    function = forms.ChoiceField(
        label=_("Fonction"), choices=[("", _("Choisir…")), *Function.choices]
    )
    role = forms.ChoiceField(
        label=_("Rôle dans l'établissement"),
        choices=Role.choices,
        initial=Role.USER,
        widget=forms.RadioSelect,
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class RightsForm(forms.Form):
    """The user page: a role per editable establishment, then one family matrix.

    ``role_<establishment id>`` fields exist only for the active affiliations of establishments
    the acting admin administers: a forged id is simply not a field of the form. The *Tout
    sélectionner* boxes work without JavaScript: ticked, they select the whole column.
    """

    documents = forms.ModelMultipleChoiceField(
        label=_("Consulter les documents de marché"),
        queryset=PurchaseFamily.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Famille d'achat inconnue : rechargez la page et recommencez."),
            "invalid_pk_value": _("Famille d'achat inconnue : rechargez la page et recommencez."),
        },
    )
    adhesion = forms.ModelMultipleChoiceField(
        label=_("Droits d'adhésion identiques aux administrateurs"),
        queryset=PurchaseFamily.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Famille d'achat inconnue : rechargez la page et recommencez."),
            "invalid_pk_value": _("Famille d'achat inconnue : rechargez la page et recommencez."),
        },
    )
    documents_all = forms.BooleanField(label=_("Tout sélectionner"), required=False)
    adhesion_all = forms.BooleanField(label=_("Tout sélectionner"), required=False)

    def __init__(self, *args, families, editable_affiliations, initial_matrix=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.families = list(families)
        self.editable_affiliations = list(editable_affiliations)
        family_queryset = PurchaseFamily.objects.all()
        for name in ("documents", "adhesion"):
            self.fields[name].queryset = family_queryset
        if initial_matrix is not None:
            self.initial.setdefault("documents", initial_matrix["documents"])
            self.initial.setdefault("adhesion", initial_matrix["adhesion"])
        for affiliation in self.editable_affiliations:
            if affiliation.is_active:
                self.fields[self.role_field_name(affiliation)] = forms.ChoiceField(
                    label=str(affiliation.establishment),
                    choices=Role.choices,
                    initial=affiliation.role,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Choisissez un rôle pour cet établissement."),
                        "invalid_choice": _(
                            "Rôle inconnu : choisissez Administrateur ou Utilisateur."
                        ),
                    },
                )

    @staticmethod
    def role_field_name(affiliation):
        return f"role_{affiliation.establishment_id}"

    def role_fields(self):
        return [
            (affiliation, self[self.role_field_name(affiliation)])
            for affiliation in self.editable_affiliations
            if affiliation.is_active
        ]

    def clean(self):
        cleaned = super().clean()
        all_ids = {family.pk for family in self.families}
        for name in ("documents", "adhesion"):
            if cleaned.get(f"{name}_all"):
                cleaned[f"{name}_ids"] = set(all_ids)
            else:
                cleaned[f"{name}_ids"] = {family.pk for family in cleaned.get(name) or []}
        return cleaned

    def roles(self):
        return {
            affiliation.establishment_id: self.cleaned_data[self.role_field_name(affiliation)]
            for affiliation in self.editable_affiliations
            if affiliation.is_active
        }

    def matrix_rows(self):
        """``(family, documents checked, adhesion checked)`` for the template."""
        if self.is_bound:
            documents = set(self.data.getlist("documents"))
            adhesion = set(self.data.getlist("adhesion"))
        else:
            documents = {str(pk) for pk in self.initial.get("documents", [])}
            adhesion = {str(pk) for pk in self.initial.get("adhesion", [])}
        return [
            (family, str(family.pk) in documents, str(family.pk) in adhesion)
            for family in self.families
        ]

    def all_checked(self, name):
        if self.is_bound:
            return bool(self.data.get(f"{name}_all"))
        selected = {str(pk) for pk in self.initial.get(name, [])}
        return bool(self.families) and all(str(f.pk) in selected for f in self.families)


class DeleteUserForm(forms.Form):
    """The confirmation of *Supprimer l'utilisateur*; deleting oneself needs the box ticked."""

    confirm_self = forms.BooleanField(
        label=_("Je confirme vouloir supprimer mon propre compte de ces établissements."),
        required=False,
    )

    def __init__(self, *args, is_self=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_self = is_self
        if not is_self:
            del self.fields["confirm_self"]

    def clean(self):
        cleaned = super().clean()
        if self.is_self and not cleaned.get("confirm_self"):
            self.add_error(
                "confirm_self",
                _("Cochez la case pour confirmer la suppression de votre propre compte."),
            )
        return cleaned
