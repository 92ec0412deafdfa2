"""The English pages keep the Vietnamese date and time formats (dd/mm/yyyy, 24 h): the
programme runs in Vietnam, and a page read in English must match the paper and the import."""

from literacy.formats.vi.formats import (  # noqa: F401
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    TIME_INPUT_FORMATS,
)

YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
