import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def luhn_check_digit(prefix: str) -> str:
    """The digit that makes ``prefix`` + digit pass the Luhn check (e.g. a SIRET's 14th)."""
    for digit in "0123456789":
        if luhn_is_valid(prefix + digit):
            return digit
    raise ValueError(prefix)  # unreachable for a string of digits


def normalize_siret(value: str) -> str:
    return re.sub(r"[\s.]", "", value or "")


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits whose Luhn checksum is right (spaces are tolerated on input)."""
    siret = normalize_siret(value)
    if not re.fullmatch(r"\d{14}", siret):
        raise ValidationError(_("Le N° SIRET doit compter exactement 14 chiffres."), code="format")
    if not luhn_is_valid(siret):
        raise ValidationError(
            _("Ce N° SIRET n'est pas valide : vérifiez les chiffres saisis."), code="checksum"
        )


def validate_postcode(value: str) -> None:
    if not re.fullmatch(r"\d{5}", value or ""):
        raise ValidationError(_("Le code postal doit compter 5 chiffres."), code="format")
