"""*Demander ce droit*: the family and offer the request is about, and a message."""

from django import forms
from django.utils.translation import gettext_lazy

from catalogue.models import OfferPage, PurchaseFamily


class FamilyRightRequestForm(forms.Form):
    famille = forms.ModelChoiceField(
        queryset=PurchaseFamily.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy("Choisissez la famille d'achat du document."),
            "invalid_choice": gettext_lazy("Cette famille d'achat n'existe pas."),
        },
    )
    offre = forms.ModelChoiceField(
        queryset=OfferPage.objects.live(), widget=forms.HiddenInput, required=False
    )
    message = forms.CharField(
        label=gettext_lazy("Votre message à vos administrateurs (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
