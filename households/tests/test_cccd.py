from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from households.validators import cccd_errors, validate_cccd


@pytest.fixture(autouse=True)
def _english():
    """These tests read the source (English) messages; other tests leave Vietnamese active."""
    with translation.override("en"):
        yield


def test_valid_number_for_a_man_born_1958_in_binh_duong():
    assert cccd_errors("074058001234", date_of_birth=datetime.date(1958, 3, 1), gender="M") == []


def test_valid_number_for_a_woman_born_2005_in_hcmc():
    assert cccd_errors("079305123456", date_of_birth=datetime.date(2005, 7, 9), gender="F") == []


@pytest.mark.parametrize("number", ["07405800123", "0740580012345", "07405800123a", ""])
def test_number_must_be_twelve_digits(number):
    assert cccd_errors(number) == ["The citizen ID must be exactly 12 digits."]


def test_unknown_province_code_is_named():
    (error,) = cccd_errors("003058001234")
    assert "Digits 1–3 (003)" in error


def test_century_digit_must_agree_with_date_of_birth():
    (error,) = cccd_errors("074258001234", date_of_birth=datetime.date(1958, 3, 1))
    assert "Digit 4 (2)" in error and "1958" in error


def test_year_digits_must_agree_with_date_of_birth():
    (error,) = cccd_errors("074059001234", date_of_birth=datetime.date(1958, 3, 1))
    assert "Digits 5–6 (59)" in error


def test_gender_digit_must_agree_with_gender():
    (error,) = cccd_errors("074158001234", gender="M")
    assert "Digit 4 (1) is for a woman" in error


def test_validate_raises_with_every_reason():
    with pytest.raises(ValidationError) as info:
        validate_cccd("003159001234", date_of_birth=datetime.date(1958, 1, 1), gender="M")
    assert len(info.value.messages) == 3


@pytest.mark.parametrize("year", [1900, 1958, 1999, 2000, 2024, 2100])
@pytest.mark.parametrize("gender", ["M", "F"])
def test_birth_digits_make_numbers_the_validator_accepts(year, gender):
    from households.validators import cccd_birth_digits

    number = f"074{cccd_birth_digits(year, gender)}001234"
    assert cccd_errors(number, date_of_birth=datetime.date(year, 6, 1), gender=gender) == []
