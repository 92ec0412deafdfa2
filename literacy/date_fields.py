"""Date and time inputs that read dd/mm/yyyy and 24 h whatever the browser's locale.

A browser's own ``<input type="date">`` follows the device's language (mm/dd/yyyy and AM/PM on
a tablet set to English), so the portal uses plain text inputs with a pattern, a placeholder
and a numeric keypad, and parses them on the server. ISO values (2026-03-01, 2026-03-01T18:30)
are still accepted, so API clients and older forms keep working.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE_DISPLAY = "%d/%m/%Y"
DATETIME_DISPLAY = "%d/%m/%Y %H:%M"
DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUTS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

#: HTML patterns the browser checks before sending (the server checks again).
DATE_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}"
DATETIME_PATTERN = r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"


class DayMonthYearInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy"),
            "pattern": DATE_PATTERN,
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "date-input",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATE_DISPLAY)


class DayMonthYearTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy hh:mm"),
            "pattern": DATETIME_PATTERN,
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "datetime-input",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATETIME_DISPLAY)


#: Years a date typed into the portal may have: wide for any real use, narrow enough that a
#: typo (09/09/9999) is refused with a message instead of overflowing the date arithmetic.
YEARS = range(1900, 3000)


def _check_year(value) -> None:
    if value is not None and value.year not in YEARS:
        raise forms.ValidationError(
            _("Check the year: it must be between %(first)d and %(last)d."),
            params={"first": YEARS[0], "last": YEARS[-1]},
        )


class DayMonthYearField(forms.DateField):
    """A date typed as dd/mm/yyyy (e.g. 05/09/1960)."""

    widget = DayMonthYearInput
    default_error_messages = {
        "invalid": _("Write the date as dd/mm/yyyy, e.g. 05/09/1960."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUTS)
        super().__init__(**kwargs)

    def validate(self, value: datetime.date | None) -> None:
        super().validate(value)
        _check_year(value)


class DayMonthYearTimeField(forms.DateTimeField):
    """A date and 24-hour time typed as dd/mm/yyyy hh:mm (e.g. 05/03/2026 18:30)."""

    widget = DayMonthYearTimeInput
    default_error_messages = {
        "invalid": _("Write the date and time as dd/mm/yyyy hh:mm, e.g. 05/03/2026 18:30."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_INPUTS)
        super().__init__(**kwargs)

    def validate(self, value: datetime.datetime | None) -> None:
        super().validate(value)
        _check_year(value)


class BirthDateField(DayMonthYearField):
    """A date of birth: not in the future, and not more than 120 years ago."""

    def validate(self, value: datetime.date | None) -> None:
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value.year < today.year - 120:
            raise forms.ValidationError(_("Check the year of birth: more than 120 years ago."))
