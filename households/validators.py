"""Citizen ID (CCCD) validation.

A CCCD number is 12 digits with no check digit:
  * digits 1–3: the code of the province where the birth was registered — one of the 63
    pre-2025 province codes (numbers are for life and were not reissued after the 2025 merger);
  * digit 4: century and gender (1900s: male 0 / female 1; 2000s: 2 / 3; 2100s: 4 / 5;
    2200s: 6 / 7; 2300s: 8 / 9);
  * digits 5–6: the last two digits of the birth year;
  * digits 7–12: a random serial.
When the date of birth or the gender is known they must agree with the number.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: The 63 province codes in use before the July 2025 merger.
PROVINCE_CODES = frozenset(
    {
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019",
        "020", "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036",
        "037", "038", "040", "042", "044", "045", "046", "048", "049", "051", "052", "054",
        "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
        "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
        "094", "095", "096",
    }
)  # fmt: skip

_TWELVE_DIGITS = re.compile(r"^[0-9]{12}$")


def cccd_birth_digits(year: int, gender: str) -> str:
    """Digits 4–6 of the CCCD of someone born in ``year`` of ``gender`` ("M"/"F")."""
    return f"{(year // 100 - 19) * 2 + (gender == 'F')}{year % 100:02d}"


def cccd_errors(
    cccd: str, *, date_of_birth: datetime.date | None = None, gender: str | None = None
) -> list[str]:
    """Return the reasons the number is wrong (empty when it is valid). Messages name the part."""
    if not _TWELVE_DIGITS.match(cccd or ""):
        return [_("The citizen ID must be exactly 12 digits.")]
    errors: list[str] = []
    province, century_gender, year2 = cccd[:3], int(cccd[3]), cccd[4:6]
    if province not in PROVINCE_CODES:
        errors.append(
            _("Digits 1–3 (%(code)s) are not the code of a province of birth registration.")
            % {"code": province}
        )
    century = 1900 + 100 * (century_gender // 2)
    number_gender = "M" if century_gender % 2 == 0 else "F"
    if date_of_birth is not None:
        if date_of_birth.year // 100 * 100 != century:
            errors.append(
                _(
                    "Digit 4 (%(digit)s) says born in the %(century)ss, "
                    "but the date of birth is %(year)s."
                )
                % {"digit": century_gender, "century": century, "year": date_of_birth.year}
            )
        if f"{date_of_birth.year % 100:02d}" != year2:
            errors.append(
                _("Digits 5–6 (%(digits)s) do not match the birth year %(year)s.")
                % {"digits": year2, "year": date_of_birth.year}
            )
    if gender in ("M", "F") and gender != number_gender:
        message = (
            _("Digit 4 (%(digit)s) is for a man, but the gender is female.")
            if number_gender == "M"
            else _("Digit 4 (%(digit)s) is for a woman, but the gender is male.")
        )
        errors.append(message % {"digit": century_gender})
    return errors


def validate_cccd(
    cccd: str, *, date_of_birth: datetime.date | None = None, gender: str | None = None
) -> None:
    """Raise ValidationError listing every wrong part of the number."""
    errors = cccd_errors(cccd, date_of_birth=date_of_birth, gender=gender)
    if errors:
        raise ValidationError(errors, code="invalid_cccd")
