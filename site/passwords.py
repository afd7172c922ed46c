"""Password strength: zxcvbn's estimate (django-zxcvbn-password-validator), with a French message.

zxcvbn counts the guesses an attacker needs, with the account's own name and address as a
dictionary: ``jeantest.hsec`` for Jean Test or ``iloveyou2024!`` are refused whatever their
length, a long passphrase passes.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_zxcvbn_password_validator.zxcvbn_password_validator import ZxcvbnPasswordValidator


class StrongPasswordValidator(ZxcvbnPasswordValidator):
    """The library's estimate, told in one French message (the minimum score is the setting
    ``PASSWORD_MINIMAL_STRENGTH``, 0 to 4)."""

    def validate(self, password, user=None):
        strength = self.get_strength(password, user)
        if strength["acceptable"]:
            return
        parts = [
            _("Ce mot de passe est trop facile à deviner : il serait trouvé en %(time)s.")
            % {"time": strength["crack_time_display"]}
        ]
        if strength["warning"]:
            parts.append(f"{strength['warning']}.")
        parts.append(
            _(
                "Choisissez plutôt une phrase de passe de plusieurs mots peu courants, sans "
                "vos nom, prénom ni adresse e-mail."
            )
        )
        raise ValidationError(" ".join(parts), code="password_too_guessable")

    def get_help_text(self):
        return _(
            "Un mot de passe difficile à deviner : une phrase de plusieurs mots peu courants, "
            "sans vos nom, prénom ni adresse e-mail."
        )
