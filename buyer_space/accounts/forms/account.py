"""Forms of the account: registration, login, password reset, new confirmation link.

Each form declares its fields one by one and the views read only ``cleaned_data``: nothing
posted besides them (``is_staff``, ``is_superuser``, ``groups``…) can reach an account.
"""

import re

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.hashers import check_password
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from buyer_space.accounts.backends import normalise_login
from buyer_space.accounts.choices import Civility, Function
from buyer_space.accounts.services import registration
from buyer_space.accounts.services.validation import absolute_url
from espace_site.outbox.services import enqueue_email
from membership.establishments.models import Establishment

PHONE_MESSAGE = _(
    "Saisissez un numéro de téléphone français valide, par exemple 01 23 45 67 89 ou "
    "+33 1 23 45 67 89."
)
_PHONE_SEPARATORS = re.compile(r"[\s.\-()/\u00a0]")
_NATIONAL_PHONE = re.compile(r"0[1-9]\d{8}")


def normalise_phone(value):
    """A French number in its national form, grouped by two: ``01 23 45 67 89``; or ``None``.

    Accepts ``0123456789``, ``01 23 45 67 89``, ``01.23.45.67.89``, ``+33 1 23 45 67 89``,
    ``+33 (0)1 23 45 67 89`` and ``0033 1 23 45 67 89``.
    """
    digits = _PHONE_SEPARATORS.sub("", value or "")
    for prefix in ("+33", "0033"):
        if digits.startswith(prefix):
            rest = digits[len(prefix) :]
            digits = rest if rest.startswith("0") else f"0{rest}"
            break
    if not _NATIONAL_PHONE.fullmatch(digits):
        return None
    return " ".join(digits[i : i + 2] for i in range(0, 10, 2))


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        widget.input_type = "tel"  # an attribute would repeat the widget's own ``type``
        attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        return attrs

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        phone = normalise_phone(value)
        if phone is None:
            raise forms.ValidationError(PHONE_MESSAGE, code="invalid_phone")
        return phone


class RegistrationForm(forms.Form):
    """The guide's *Inscription* form, plus the password and the consent to the privacy notice.

    *Entité juridique de rattachement* works without JavaScript: the person types a name, a city
    or a SIRET (a ``<datalist>`` suggests ``Nom — SIRET`` where the browser supports it) and
    either submits (an unambiguous entry is resolved on the server) or presses *Rechercher*,
    which shows the matching establishments as radio buttons. Left empty, the second form of
    the guide follows.

    ``password_kept``: a password was already chosen (and hashed) in this session, so the
    password fields may stay empty.
    """

    ACCOUNT_FIELDS = (
        "civility",
        "first_name",
        "last_name",
        "email",
        "phone",
        "service",
        "job_title",
        "function",
    )

    civility = forms.ChoiceField(
        label=_("Civilité"), choices=[("", _("Choisir…")), *Civility.choices]
    )
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        # The guide's label; with a context, so that Django's own "Email" → "E-mail" is not used.
        label=pgettext_lazy("registration form", "Email"),
        max_length=150,
        help_text=_("Votre adresse professionnelle : elle sera votre identifiant de connexion."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneField(label=_("Téléphone"))
    entity = forms.CharField(
        label=_("Entité juridique de rattachement"),
        required=False,
        max_length=250,
        help_text=_(
            "Saisissez le nom, le sigle, la ville ou le N° SIRET de votre établissement, puis "
            "choisissez-le dans la liste. Si vous ne le trouvez pas, laissez ce champ vide : "
            "vous décrirez votre entité à l'étape suivante."
        ),
        widget=forms.TextInput(
            attrs={
                "list": "entity-options",
                "autocomplete": "off",
                "data-entity-combobox": "",
                "data-suggestions-url": reverse_lazy("buyer_space:register_entity_suggestions"),
            }
        ),
    )
    establishment = forms.ModelChoiceField(
        label=_("Entités correspondant à votre recherche"),
        queryset=Establishment.objects.all(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _(
                "Cette entité n'existe pas : choisissez-en une dans la liste des résultats."
            )
        },
    )
    wants_admin_role = forms.BooleanField(
        label=_("Administrateur de mon établissement"),
        required=False,
        help_text=_(
            "Cochez cette case pour demander le rôle d'administrateur : il vous permettra de "
            "valider les comptes et de gérer les droits des utilisateurs de votre "
            "établissement. Ce rôle ne vous sera attribué qu'après validation."
        ),
    )
    service = forms.CharField(label=_("Service"), max_length=120)
    job_title = forms.CharField(
        label=_("Intitulé exact de votre poste"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    function = forms.ChoiceField(
        label=_("Fonction"), choices=[("", _("Choisir…")), *Function.choices]
    )
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Au moins 12 caractères et difficile à deviner : une phrase de plusieurs mots peu "
            "courants, sans vos nom, prénom ni adresse e-mail."
        ),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    privacy_consent = forms.BooleanField(
        label=_("J'ai lu et j'accepte la politique de confidentialité de l'Espace Acheteur"),
        error_messages={
            "required": _(
                "Vous devez accepter la politique de confidentialité pour créer un compte."
            )
        },
    )

    def __init__(self, *args, password_kept=False, keep_passwords=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.password_kept = password_kept
        if password_kept:
            for name in ("password1", "password2"):
                self.fields[name].required = False
            self.fields["password1"].help_text = _(
                "Vous avez déjà choisi un mot de passe : laissez ces deux champs vides pour le "
                "conserver, ou saisissez-en un nouveau."
            )
        if keep_passwords:
            for name in ("password1", "password2"):
                self.fields[name].widget.render_value = True
        self.chosen_establishment = None
        self.entity_matches = []
        self.entity_searched = False

    # What the person typed, whether the form is bound or re-rendered from ``initial``.
    def _raw(self, name):
        source = self.data if self.is_bound else self.initial
        value = source.get(self.add_prefix(name) if self.is_bound else name, "")
        return value if isinstance(value, str) else ""

    def search_entity(self):
        """Fill :attr:`entity_matches` with the establishments matching the typed entity."""
        self.entity_searched = True
        self.entity_matches = registration.find_establishments(self._raw("entity"))
        return self.entity_matches

    @property
    def selected_establishment_id(self):
        return self._raw("establishment")

    def clean_email(self):
        return registration.normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned_data = super().clean()
        self._clean_entity(cleaned_data)
        self._clean_passwords(cleaned_data)
        return cleaned_data

    def _clean_entity(self, cleaned_data):
        chosen = cleaned_data.get("establishment")
        text = cleaned_data.get("entity", "")
        if chosen is None and "establishment" in self.errors:
            self.search_entity()
            return
        if chosen is None and text:
            chosen, self.entity_matches = registration.resolve_establishment(text)
            self.entity_searched = True
            if chosen is None:
                if self.entity_matches:
                    message = _(
                        "Plusieurs entités peuvent correspondre à « %(text)s » : choisissez la "
                        "vôtre dans la liste des résultats ci-dessous."
                    )
                else:
                    message = _(
                        "Aucune entité ne correspond à « %(text)s ». Vérifiez votre saisie, ou "
                        "laissez ce champ vide pour décrire votre entité à l'étape suivante."
                    )
                self.add_error("entity", forms.ValidationError(message, params={"text": text}))
                return
        self.chosen_establishment = chosen
        if chosen is not None:
            cleaned_data["entity"] = registration.establishment_label(chosen)

    def _clean_passwords(self, cleaned_data):
        password1 = cleaned_data.get("password1")
        password2 = cleaned_data.get("password2")
        if self.password_kept and not password1 and not password2:
            return
        if not password1 and "password1" not in self.errors:
            self.add_error("password1", forms.ValidationError(_("Choisissez un mot de passe.")))
            return
        if password1 and password1 != password2:
            self.add_error(
                "password2",
                forms.ValidationError(_("Les deux mots de passe ne sont pas identiques.")),
            )
            return
        if password1:
            User = get_user_model()
            candidate = User(
                username=cleaned_data.get("email", ""),
                email=cleaned_data.get("email", ""),
                first_name=cleaned_data.get("first_name", ""),
                last_name=cleaned_data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)

    def account_data(self):
        return {name: self.cleaned_data[name] for name in self.ACCOUNT_FIELDS}


class EmailAuthenticationForm(AuthenticationForm):
    """Login by e-mail address (any case). An account whose address is not confirmed yet is
    told so — only when the password is right, so that it reveals nothing to a stranger."""

    username = forms.CharField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Après cinq essais infructueux, la "
            "connexion est bloquée pendant quinze minutes."
        ),
        "inactive": _("Ce compte est désactivé."),
        "unconfirmed": _(
            "Votre adresse e-mail n'est pas encore confirmée : ouvrez le lien que nous vous "
            "avons envoyé par e-mail, ou demandez-en un nouveau."
        ),
    }

    def clean(self):
        username = normalise_login(self.cleaned_data.get("username"))
        password = self.cleaned_data.get("password")
        if username and password:
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                locked_out = getattr(self.request, "axes_locked_out", False)
                if not locked_out and self._unconfirmed_owner(username, password):
                    raise forms.ValidationError(
                        self.error_messages["unconfirmed"], code="unconfirmed"
                    )
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    @staticmethod
    def _unconfirmed_owner(username, password):
        """Whether the login names an unconfirmed account and the password is its own.

        Exactly one hash on every path: without an unconfirmed account, Django's
        ``check_password`` hashes the password anyway, so that the answer's timing does not
        tell an unconfirmed account from a confirmed or unknown one.
        """
        user = (
            get_user_model()
            ._default_manager.select_related("buyer_profile")
            .filter(username__iexact=username, is_active=False)
            .first()
        )
        unconfirmed = user is not None and registration.is_unconfirmed(user)
        return check_password(password, user.password if unconfirmed else "") and unconfirmed


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the e-mail sent by a Celery task after commit.

    Like Django's, it answers the same whether the address is known or not.
    """

    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        email = registration.normalise_email(email)
        return (
            user
            for user in get_user_model()._default_manager.filter(
                username__iexact=email, is_active=True
            )
            # Accounts created by an admin have no password yet: this link sets one.
            if user.email
        )

    def save(self, *args, **kwargs):
        email = self.cleaned_data["email"]
        for user in self.get_users(email):
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            path = reverse("buyer_space:password_reset_confirm", args=[uid, token])
            enqueue_email(
                user.email,
                "accounts/emails/password_reset",
                {
                    "first_name": user.first_name,
                    "url": absolute_url(path),
                    "hours": _reset_hours(),
                },
            )


def _reset_hours():
    return settings.PASSWORD_RESET_TIMEOUT // 3600


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
