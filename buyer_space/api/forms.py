from django import forms
from django.utils.translation import gettext_lazy as _

from buyer_space.api.choices import TokenScope
from membership.establishments.models import Establishment

MAX_EXPIRY_DAYS = 3650


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Pour le reconnaître, par exemple « Logiciel achats » ou « Script intranet »."),
        error_messages={"required": _("Donnez un nom au jeton.")},
    )
    scope = forms.ChoiceField(
        label=_("Portée"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choisissez une portée proposée.")},
    )
    establishment = forms.ModelChoiceField(
        label=_("Limiter à un établissement (facultatif)"),
        queryset=Establishment.objects.none(),
        required=False,
        empty_label=_("Tous mes établissements"),
        error_messages={"invalid_choice": _("Choisissez l'un de vos établissements.")},
    )
    expires_in_days = forms.IntegerField(
        label=_("Expire dans (jours, facultatif)"),
        min_value=1,
        max_value=MAX_EXPIRY_DAYS,
        required=False,
        help_text=_("Laissez vide pour un jeton sans date d'expiration."),
        error_messages={
            "invalid": _("Saisissez un nombre de jours."),
            "min_value": _("Saisissez au moins 1 jour."),
            "max_value": _("Saisissez au plus %(limit_value)s jours."),
        },
    )

    def __init__(self, *args, establishment_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = Establishment.objects.filter(
            pk__in=establishment_ids
        ).order_by("name")
