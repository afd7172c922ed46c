"""Forms of the exchanges: a new thread, a reply, the list filters and the staff's tools."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buyer_space.exchanges.choices import ExchangeKind, ExchangeStatus
from buyer_space.exchanges.services import (
    ACCEPT_ATTRIBUTE,
    MAX_ATTACHMENT_LABEL,
    MAX_ATTACHMENTS,
    attachment_errors,
)
from catalogue.models import OfferPage
from membership.contracts.models import Contract
from membership.establishments.models import Establishment

MAX_BODY_LENGTH = 10_000
KEPT_FILES_NOTE = _(
    "Pour votre sécurité, un navigateur ne peut pas reprendre les fichiers choisis : si le "
    "formulaire contient une erreur, sélectionnez à nouveau vos pièces jointes."
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once, checked together (count, size, extension and content)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Pièces jointes"))
        kwargs.setdefault(
            "help_text",
            _(
                "Jusqu'à %(max)d fichiers de 10 Mo chacun au plus : PDF, Word, Excel, images PNG "
                "ou JPEG, ZIP."
            )
            % {"max": MAX_ATTACHMENTS},
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT_ATTRIBUTE)

    def clean(self, data, initial=None):
        if data and not isinstance(data, list | tuple):
            data = [data]
        files = [file for file in data or [] if file]
        errors = attachment_errors(files)
        if errors:
            raise ValidationError(errors)
        return files


def body_field(label):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_BODY_LENGTH,
        error_messages={"required": _("Écrivez votre message : il ne peut pas être vide.")},
    )


class MessageFields(forms.Form):
    body = body_field(_("Message"))
    attachments = AttachmentsField()

    def __init__(self, *args, oversized=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized = oversized  # names of the files refused while they arrived (over 10 Mo)

    def clean(self):
        cleaned = super().clean()
        for name in self.oversized:
            self.add_error(
                "attachments",
                _(
                    "« %(name)s » dépasse %(max)s : ce fichier n'a pas été reçu. La taille "
                    "maximale est de %(max)s par fichier."
                )
                % {"name": name, "max": MAX_ATTACHMENT_LABEL},
            )
        return cleaned


class ContractChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, with_establishment=False, **kwargs):
        self.with_establishment = with_establishment
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        label = f"{obj.number} – {obj.title}"
        return f"{obj.establishment.name} : {label}" if self.with_establishment else label


class ExchangeForm(MessageFields):
    """*Poser une question*, *Demander une facture*, *Déposer une réclamation*."""

    field_order = ["kind", "establishment", "subject", "contract", "body", "attachments"]

    kind = forms.ChoiceField(
        label=_("Type de demande"), choices=ExchangeKind.choices, widget=forms.RadioSelect
    )
    establishment = forms.ModelChoiceField(
        label=_("Établissement concerné"),
        queryset=Establishment.objects.none(),
        empty_label=_("Choisissez un établissement"),
        error_messages={"invalid_choice": _("Choisissez l'un de vos établissements.")},
    )
    subject = forms.CharField(label=_("Objet"), max_length=200)
    offer = forms.ModelChoiceField(
        label=_("Offre concernée"),
        queryset=OfferPage.objects.live(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Cette offre n'existe pas ou n'est plus en ligne."),
        },
    )
    contract = ContractChoiceField(
        label=_("Marché concerné (facultatif)"),
        queryset=Contract.objects.none(),
        required=False,
        empty_label=_("Aucun marché en particulier"),
        error_messages={
            "invalid_choice": _("Ce marché ne fait pas partie des marchés de vos établissements.")
        },
    )

    def __init__(self, *args, establishment_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        establishments = Establishment.objects.filter(pk__in=establishment_ids).order_by("name")
        self.fields["establishment"].queryset = establishments
        if len(establishment_ids) == 1:
            self.fields["establishment"].empty_label = None
            self.fields["establishment"].initial = next(iter(establishment_ids))
        contracts = self.fields["contract"]
        contracts.queryset = (
            Contract.objects.filter(establishment_id__in=establishment_ids)
            .select_related("establishment")
            .order_by("establishment__name", "-start_date", "number")
        )
        contracts.with_establishment = len(establishment_ids) > 1

    def clean(self):
        cleaned = super().clean()
        establishment = cleaned.get("establishment")
        contract = cleaned.get("contract")
        offer = cleaned.get("offer")
        if contract is not None and establishment is not None:
            if contract.establishment_id != establishment.pk:
                self.add_error(
                    "contract", _("Ce marché n'est pas un marché de l'établissement choisi.")
                )
            elif offer is not None and contract.offer_id not in (None, offer.pk):
                self.add_error("contract", _("Ce marché ne porte pas sur l'offre de la demande."))
        return cleaned


class ReplyForm(MessageFields):
    pass


class ExchangeFilterForm(forms.Form):
    """The list's filters; a value that is not one of the choices is reported and ignored."""

    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Tous les types")), *ExchangeKind.choices], required=False
    )
    statut = forms.ChoiceField(
        label=_("Statut"),
        choices=[("", _("Tous les statuts")), *ExchangeStatus.choices],
        required=False,
    )

    def filters(self):
        """``{field: value}`` of the valid, non-empty filters."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in ("type", "statut") if data.get(name)}


def staff_members():
    """The people an exchange may be assigned to: active staff."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(is_superuser=True))
        .order_by("last_name", "first_name", "email")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email or obj.get_username()


class AnswerForm(MessageFields):
    """The centre's answer (the thread becomes *répondu*)."""

    body = body_field(_("Réponse"))


class AssignForm(forms.Form):
    assigned_to = StaffChoiceField(
        label=_("Suivi par"),
        queryset=staff_members(),
        required=False,
        empty_label=_("Personne"),
        error_messages={"invalid_choice": _("Choisissez un membre de l'équipe de la centrale.")},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[
            (ExchangeStatus.OPEN, _("Ouvert (à traiter)")),
            (ExchangeStatus.CLOSED, _("Clos")),
        ],
        help_text=_("Une réponse passe l'échange au statut « Répondu »."),
        error_messages={"invalid_choice": _("Choisissez un statut de la liste.")},
    )
