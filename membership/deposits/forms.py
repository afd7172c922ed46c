"""The guide's *Dépôt des conventions* form, and the staff's rejection form."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from espace_site.forms import ReviewDecisionForm
from membership.deposits.models import ConventionDeposit
from membership.deposits.services.zipcheck import MAX_ARCHIVE_SIZE, check_archive
from membership.establishments.forms import MARKUP_MESSAGE, MARKUP_RE

PHONE_SEPARATORS = re.compile(r"[\s.\-]")
PHONE_RE = re.compile(r"0[1-9]\d{8}")
CHORUS_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,99}")
ORDER_REFERENCE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _\-/.]{0,59}")


def normalise_phone(value):
    """``01 23 14 15 16``, ``01.23.14.15.16`` or ``+33 1 23 14 15 16`` → ``0123141516``."""
    digits = PHONE_SEPARATORS.sub("", value or "")
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    return digits


class ConventionDepositForm(forms.ModelForm):
    """Raison sociale, numéro de marché, convention signée (zip), email, téléphone, référence de
    commande, code service Chorus (or an e-mail address), message. The zip is checked before
    anything is kept (``services.zipcheck``)."""

    establishment = forms.ModelChoiceField(
        label=_("Établissement bénéficiaire"),
        queryset=None,
        empty_label=_("Choisissez l'établissement"),
        error_messages={
            "required": _("Choisissez l'établissement pour lequel vous déposez la convention."),
            "invalid_choice": _("Choisissez un établissement de la liste."),
        },
    )

    class Meta:
        model = ConventionDeposit
        fields = [
            "establishment",
            "company_name",
            "contract_number",
            "archive",
            "email",
            "phone",
            "order_reference",
            "chorus_service_code",
            "message",
        ]
        labels = {
            "company_name": _("Raison sociale de votre établissement"),
            "contract_number": _("Numéro de marché"),
            "archive": _(
                "Convention signée (Téléchargez un fichier zip regroupant tous vos fichiers : "
                "convention, annexes, EJ / bon de commande)"
            ),
            # As the guide writes it (Django's catalogue would turn a bare "Email" into "E-mail").
            "email": pgettext_lazy("dépôt des conventions", "Email"),
            "phone": _("Numéro de téléphone"),
            "order_reference": _(
                "Votre référence de commande (EJ si dépôt Chorus ou N° bon de commande)"
            ),
            "chorus_service_code": _("Code service Chorus"),
            "message": _("Message"),
        }
        help_texts = {
            "archive": _(
                "Un seul fichier .zip de 50 Mo au plus, contenant des fichiers PDF, Word (.doc, "
                ".docx, .odt) ou des images (PNG, JPEG)."
            ),
            "phone": _("Saisissez votre n° de téléphone sous le format 01231415"),
            "order_reference": _(
                "Saisissez votre numéro d'EJ (pour un dépôt sur Chorus) ou le n° de votre bon "
                "de commande"
            ),
            "chorus_service_code": _(
                "Si vous souhaitez recevoir votre facture par mail et non via un dépôt Chorus, "
                "saisissez l'adresse mail choisie dans ce champ"
            ),
            "message": _("Champ facultatif"),
        }
        widgets = {
            "archive": forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
            "message": forms.Textarea(attrs={"rows": 5}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "company_name": {"required": _("Saisissez la raison sociale de votre établissement.")},
            "contract_number": {"required": _("Saisissez le numéro de marché.")},
            "archive": {
                "required": _("Choisissez le fichier zip de votre convention signée."),
                "invalid": _("Le fichier n'a pas pu être lu : choisissez-le à nouveau."),
                "missing": _("Le fichier n'a pas été reçu : choisissez-le à nouveau."),
                "empty": _("Le fichier est vide."),
            },
            "email": {
                "required": _("Saisissez votre adresse e-mail."),
                "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@hopital.fr."),
            },
            "phone": {"required": _("Saisissez votre numéro de téléphone.")},
            "order_reference": {
                "required": _("Saisissez votre numéro d'EJ ou de bon de commande.")
            },
            "chorus_service_code": {
                "required": _(
                    "Saisissez votre code service Chorus, ou l'adresse e-mail où recevoir la "
                    "facture."
                )
            },
        }

    def __init__(self, *args, establishments, oversized=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = establishments
        self.oversized = oversized  # the zip was refused while it arrived (over 50 Mo)

    def clean(self):
        cleaned = super().clean()
        if self.oversized:
            # The file was dropped as it arrived: say so rather than "this field is required".
            self._errors.pop("archive", None)
            self.add_error(
                "archive",
                ValidationError(
                    _("Le fichier dépasse la taille maximale de %(max)s : il n'a pas été reçu.")
                    % {"max": filesizeformat(MAX_ARCHIVE_SIZE)},
                    code="too_big",
                ),
            )
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and MARKUP_RE.search(value):
                self.add_error(name, MARKUP_MESSAGE)
        return cleaned

    def clean_archive(self):
        archive = self.cleaned_data.get("archive")
        if archive:
            check_archive(archive)
        return archive

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data.get("phone", ""))
        if not PHONE_RE.fullmatch(phone):
            raise ValidationError(
                _(
                    "Saisissez un numéro de téléphone français de 10 chiffres commençant par 0, "
                    "par exemple 0123141516."
                ),
                code="phone",
            )
        return phone

    def clean_contract_number(self):
        value = self.cleaned_data.get("contract_number", "").strip()
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 _\-/.]{0,59}", value):
            raise ValidationError(
                _(
                    "Saisissez le numéro de marché tel qu'il figure sur la convention (lettres, "
                    "chiffres, tirets), par exemple 2023-R087-000-000-0000000."
                ),
                code="contract_number",
            )
        return value

    def clean_order_reference(self):
        value = self.cleaned_data.get("order_reference", "").strip()
        if not ORDER_REFERENCE_RE.fullmatch(value):
            raise ValidationError(
                _(
                    "Saisissez votre numéro d'EJ ou de bon de commande (lettres, chiffres, "
                    "tirets, barres obliques)."
                ),
                code="order_reference",
            )
        return value

    def clean_chorus_service_code(self):
        value = self.cleaned_data.get("chorus_service_code", "").strip()
        if "@" in value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValidationError(
                    _("Saisissez une adresse e-mail valide pour recevoir la facture."),
                    code="chorus_email",
                ) from None
            return value
        if not CHORUS_CODE_RE.fullmatch(value):
            raise ValidationError(
                _(
                    "Saisissez un code service Chorus (lettres, chiffres, tirets, sans espace) "
                    "ou une adresse e-mail valide."
                ),
                code="chorus_code",
            )
        return value


class OfferSelect(forms.Select):
    """A select whose options are written in one pass rather than by one template each: an
    administrator chooses among hundreds of offers (962 in the load test's catalogue)."""

    template_name = "deposits/widgets/offer_select.html"

    def optgroups(self, name, value, attrs=None):
        return []  # written by get_context

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = set(context["widget"]["value"])
        context["widget"]["options"] = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)  # noqa: S308
                for key, label in self.choices
            ),
        )
        return context


class DepositOfferChoiceForm(forms.Form):
    """*Mon espace*: choose the offer whose convention to deposit (a GET form). ``offers``:
    ``(pk, title, reference)`` of each."""

    offre = forms.TypedChoiceField(label=_("Offre"), coerce=int, choices=(), widget=OfferSelect)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offre"].choices = [("", _("Choisissez une offre"))] + [
            (pk, f"{title} – {reference}") for pk, title, reference in offers
        ]
        self.fields["offre"].error_messages["invalid_choice"] = _(
            "Choisissez une offre de la liste."
        )
        self.fields["offre"].error_messages["required"] = _("Choisissez une offre.")


class DepositDecisionForm(ReviewDecisionForm):
    """*Valider* the deposit, or *Rejeter* it with a reason e-mailed to the depositor."""

    reason_label = _("Motif du rejet")
    reason_help_text = _("Il est envoyé au déposant par e-mail.")
    reason_required_message = _("Indiquez le motif du rejet : il est envoyé au déposant.")
