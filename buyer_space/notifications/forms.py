from django import forms
from django.utils.translation import gettext_lazy as _

from buyer_space.notifications.choices import EmailFrequency

INVALID = _("Choisissez une fréquence proposée.")


class EmailFrequencyForm(forms.Form):
    """The account's general choice of e-mail frequency."""

    frequence = forms.ChoiceField(
        label=_("Recevoir les e-mails de notification"),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": INVALID, "invalid_choice": INVALID},
    )


class SubscriptionFrequencyForm(forms.Form):
    """One offer's frequency; empty: the account's general choice."""

    frequence = forms.ChoiceField(
        choices=[("", _("Comme mon choix général")), *EmailFrequency.choices],
        required=False,
        error_messages={"invalid_choice": INVALID},
    )
