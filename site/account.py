"""The staff's own e-mail address in the Wagtail admin (*Mon compte*): changed only with the
current password, and the old address is told (through the outbox).

Wagtail's own e-mail field is turned off (``WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False``); this
panel, registered with Wagtail's documented ``register_account_settings_panel`` hook
(``espace_site.admin``), replaces it.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel

from espace_site.outbox.services import enqueue_email


class EmailChangeForm(forms.ModelForm):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    current_password = forms.CharField(
        label=_("Mot de passe actuel"),
        required=False,
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Obligatoire pour changer d'adresse e-mail."),
    )

    class Meta:
        model = get_user_model()
        fields = ["email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # From the database: Wagtail validates every panel's form against the same user
        # object, which a first, refused, validation has already given the new address.
        stored = get_user_model()._default_manager.filter(pk=self.instance.pk)
        self.old_email = stored.values_list("email", flat=True).first() or ""
        self.fields["email"].required = bool(self.old_email)

    @property
    def email_changed(self):
        email = self.cleaned_data.get("email") or ""
        return email.lower() != self.old_email.lower()

    def clean(self):
        cleaned_data = super().clean()
        email = cleaned_data.get("email")
        if not email or not self.email_changed:
            return cleaned_data
        password = cleaned_data.get("current_password")
        if not password or not self.instance.check_password(password):
            self.add_error(
                "current_password",
                _("Saisissez votre mot de passe actuel pour changer d'adresse e-mail."),
            )
        others = get_user_model()._default_manager.exclude(pk=self.instance.pk)
        if others.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            self.add_error("email", _("Cette adresse e-mail est déjà celle d'un autre compte."))
        return cleaned_data

    def save(self, commit=True):
        changed = self.email_changed
        user = super().save(commit=False)
        if changed and user.username.lower() == self.old_email.lower():
            user.username = user.email.lower()  # an account that logs in with its address
        if commit:
            user.save()
        if changed and self.old_email:
            enqueue_email(
                self.old_email,
                "espace_site/emails/email_changed",
                {
                    "first_name": user.first_name,
                    "when": date_format(timezone.localtime(), "DATETIME_FORMAT"),
                },
            )
        return user


class EmailSettingsPanel(BaseSettingsPanel):
    name = "email"
    title = _("Adresse e-mail")
    order = 150
    form_class = EmailChangeForm
