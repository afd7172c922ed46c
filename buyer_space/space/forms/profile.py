"""*Modifier mes informations personnelles*: the account's own details and newsletters.

The e-mail address is the login: it is shown, never edited here. Only the fields declared below
are read, so nothing else posted (``email``, ``is_staff``…) reaches the account.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from buyer_space.accounts.choices import Civility, Function
from buyer_space.accounts.forms.account import PhoneField
from buyer_space.accounts.forms.administration import validate_no_markup
from buyer_space.space.models import Newsletter


class ProfileForm(forms.Form):
    civility = forms.ChoiceField(
        label=_("Civilité"), choices=[("", _("Choisir…")), *Civility.choices]
    )
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        validators=[validate_no_markup],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        validators=[validate_no_markup],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = PhoneField(label=_("Téléphone"), max_length=20)
    service = forms.CharField(label=_("Service"), max_length=120, validators=[validate_no_markup])
    job_title = forms.CharField(
        label=_("Intitulé exact du poste"),
        max_length=150,
        validators=[validate_no_markup],
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    function = forms.ChoiceField(
        label=_("Fonction"), choices=[("", _("Choisir…")), *Function.choices]
    )
    newsletters = forms.ModelMultipleChoiceField(
        label=_("Mes abonnements aux lettres d'information"),
        queryset=Newsletter.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Cette lettre d'information n'existe pas (ou plus)."),
            "invalid_pk_value": _("Cette lettre d'information n'existe pas (ou plus)."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.profile = user.buyer_profile
        kwargs.setdefault(
            "initial",
            {
                "civility": self.profile.civility,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "phone": self.profile.phone,
                "service": self.profile.service,
                "job_title": self.profile.job_title,
                "function": self.profile.function,
                "newsletters": [n.pk for n in Newsletter.objects.filter(subscribers=user)],
            },
        )
        super().__init__(*args, **kwargs)

    @transaction.atomic
    def save(self):
        data = self.cleaned_data
        self.user.first_name = data["first_name"]
        self.user.last_name = data["last_name"]
        self.user.save(update_fields=["first_name", "last_name"])
        for name in ("civility", "phone", "service", "job_title", "function"):
            setattr(self.profile, name, data[name])
        self.profile.save(update_fields=["civility", "phone", "service", "job_title", "function"])
        self.user.newsletters.set(data["newsletters"])
        return self.user
