"""The SIRET check: 14 digits, Luhn checksum, spaces and dots tolerated on input."""

import pytest
from django.core.exceptions import ValidationError

from membership.establishments.demo import demo_siret
from membership.establishments.validators import (
    luhn_check_digit,
    luhn_is_valid,
    normalize_siret,
    validate_postcode,
    validate_siret,
)
from tests.factories.membership import valid_siret

# Two published SIRETs and the demo's « CH DE TEST ».
GOOD_SIRETS = ["73282932000074", "35600000000048", demo_siret(50)]


@pytest.mark.parametrize("siret", GOOD_SIRETS)
def test_good_sirets_pass(siret):
    validate_siret(siret)


@pytest.mark.parametrize("siret", ["732 829 320 00074", "732.829.320.00074", " 73282932000074 "])
def test_spaces_and_dots_are_tolerated(siret):
    validate_siret(siret)
    assert normalize_siret(siret) == "73282932000074"


@pytest.mark.parametrize(
    "siret", ["", "7328293200007", "732829320000740", "7328293200007A", "SIRET-INVALIDE"]
)
def test_bad_length_or_characters(siret):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert error.value.code == "format"
    assert error.value.messages == ["Le N° SIRET doit compter exactement 14 chiffres."]


@pytest.mark.parametrize("siret", ["73282932000075", "73282932000047", "12345678901234"])
def test_bad_checksum(siret):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert error.value.code == "checksum"
    assert "n'est pas valide" in error.value.messages[0]


def test_check_digit_completes_any_prefix():
    for prefix in ("7328293200007", "0000000000000", "9999999999999", "2600000500001"):
        digit = luhn_check_digit(prefix)
        assert luhn_is_valid(prefix + digit)
        assert sum(luhn_is_valid(prefix + other) for other in "0123456789") == 1


def test_factory_sirets_are_valid_and_distinct():
    sirets = {valid_siret(n) for n in range(200)}
    assert len(sirets) == 200
    for siret in sirets:
        validate_siret(siret)


@pytest.mark.parametrize("postcode", ["75013", "06400", "97400"])
def test_good_postcodes(postcode):
    validate_postcode(postcode)


@pytest.mark.parametrize("postcode", ["7501", "750130", "75 013", "ABCDE", ""])
def test_bad_postcodes(postcode):
    with pytest.raises(ValidationError) as error:
        validate_postcode(postcode)
    assert error.value.messages == ["Le code postal doit compter 5 chiffres."]
