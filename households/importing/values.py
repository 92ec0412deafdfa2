"""Parsers for single cells: fast, precompiled, no database. Each returns a value or raises
``CellError`` with a message for the person who filled in the spreadsheet."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext as _

from literacy.text import fold

from ..models import SEGMENT_FIELDS


class CellError(ValueError):
    """A cell's problem. ``kind`` names the mistake when the message quotes the cell (the
    report counts errors by kind)."""

    def __init__(self, message: str, kind: str = ""):
        super().__init__(message)
        self.kind = kind


def _build_fold_table() -> dict[int, str]:
    """Precomposed Latin letters (all of Vietnamese) → folded ASCII, for ``str.translate``."""
    table = {}
    for code in range(0xC0, 0x1F00):
        folded = fold(chr(code))
        if folded.isascii() and len(folded) == 1:
            table[code] = folded
    return table


_FOLD_TABLE = _build_fold_table()


def fast_fold(text: str) -> str:
    """Same result as ``literacy.text.fold`` (checked by a test), several times faster."""
    folded = " ".join(text.translate(_FOLD_TABLE).lower().split())
    return folded if folded.isascii() else fold(text)


def clean_text(value: str) -> str:
    """Collapse whitespace (tabs and line breaks too) and use the composed Unicode form."""
    return unicodedata.normalize("NFC", " ".join(value.split()))


_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class DateParser:
    """dd/mm/yyyy (also with '.' or '-'), cached: a roster repeats the same dates many times."""

    def __init__(self, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self.cache: dict[str, datetime.date] = {}

    @staticmethod
    def _parts(value: str) -> tuple[int, int, int] | None:
        """(day, month, year) from dd/mm/yyyy (also d/m/yyyy, '.', '-') or yyyy-mm-dd."""
        if len(value) == 10 and value[2] == "/" and value[5] == "/":  # the usual: no regex
            day, month, year = value[:2], value[3:5], value[6:]
            if (day + month + year).isascii() and (day + month + year).isdigit():
                return int(day), int(month), int(year)
        match = _DATE.match(value)
        if match:
            day, month, year = match.groups()
            return int(day), int(month), int(year)
        match = _ISO_DATE.match(value)
        if match:
            year, month, day = match.groups()
            return int(day), int(month), int(year)
        return None

    def __call__(self, value: str) -> datetime.date:
        cached = self.cache.get(value)
        if cached is not None:
            return cached
        parts = self._parts(value)
        if parts is None:
            raise CellError(
                _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 05/09/1960.")
                % {"value": value},
                "not_a_date",
            )
        day, month, year = parts
        try:
            parsed = datetime.date(year, month, day)
        except ValueError as exc:
            raise CellError(
                _("“%(value)s” is not a real date.") % {"value": value}, "not_a_real_date"
            ) from exc
        if parsed > self.today:
            raise CellError(
                _("The date of birth %(value)s is in the future.") % {"value": value}, "future"
            )
        if year < 1900:
            raise CellError(
                _("The year of birth %(year)s is too early.") % {"year": year}, "too_early"
            )
        self.cache[value] = parsed
        return parsed


GENDERS = {"nam": "M", "nu": "F", "m": "M", "f": "F", "male": "M", "female": "F"}
YES = frozenset({"co", "x", "1", "yes", "y", "true", "da co"})
NO = frozenset({"khong", "0", "no", "n", "false", "chua", "chua co"})
HEAD_YES = frozenset({"x", "co", "1", "yes", "true", "chu ho"})
VNEID = {"0": 0, "1": 1, "2": 2, "muc 1": 1, "muc 2": 2, "khong": 0, "chua co": 0}
NO_SEGMENT = frozenset({"khong", "-", "khong co"})

#: The words the template and the exports write (data, like the headers: Vietnamese whatever
#: the interface language is); the parsers below read them back.
GENDER_WORDS = {"M": "Nam", "F": "Nữ"}
YES_WORD, NO_WORD, HEAD_WORD = "có", "không", "x"
SEGMENT_WORDS = {
    "is_worker": "Công nhân",
    "is_small_trader": "Tiểu thương",
    "is_farmer": "Nông dân",
    "is_ethnic_minority": "Dân tộc thiểu số",
    "has_disability": "Người khuyết tật",
}

#: Folded segment labels → bit. Elderly is derived from age, so its labels are accepted and
#: ignored (bit 0).
SEGMENT_BITS: dict[str, int] = {}
SEGMENT_ORDER = list(SEGMENT_FIELDS)
_SEGMENT_SPELLINGS = {
    "is_worker": ("worker", "người lao động"),
    "is_small_trader": ("small trader", "buôn bán nhỏ"),
    "is_farmer": ("farmer",),
    "is_ethnic_minority": ("ethnic minority", "dtts"),
    "has_disability": ("khuyết tật", "person with disability", "disability"),
}
for _bit, _field in enumerate(SEGMENT_ORDER):
    for _spelling in (SEGMENT_WORDS[_field], *_SEGMENT_SPELLINGS[_field]):
        SEGMENT_BITS[fold(_spelling)] = 1 << _bit
for _spelling in ("người cao tuổi", "cao tuổi", "elderly"):
    SEGMENT_BITS[fold(_spelling)] = 0
SEGMENT_LABELS = ", ".join(SEGMENT_WORDS.values())
_SEGMENT_SPLIT = re.compile(r"[,;]")


def parse_segments(value: str) -> int | None:
    """A bit mask of the segments named in the cell; ``None`` when the cell is empty."""
    folded = fast_fold(value)
    if not folded:
        return None
    if folded in NO_SEGMENT:
        return 0
    mask = 0
    for part in _SEGMENT_SPLIT.split(folded):
        part = part.strip()
        if not part:
            continue
        bit = SEGMENT_BITS.get(part)
        if bit is None:
            raise CellError(
                _("Unknown group “%(value)s”. Use: %(labels)s (comma-separated).")
                % {"value": part, "labels": SEGMENT_LABELS},
                "unknown_group",
            )
        mask |= bit
    return mask


def parse_yes_no(value: str) -> bool | None:
    folded = fast_fold(value)
    if not folded:
        return None
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise CellError(_("Write “có” or “không”, not “%(value)s”.") % {"value": value}, "yes_no")


def parse_head(value: str) -> bool:
    folded = fast_fold(value)
    if not folded or folded in NO:
        return False
    if folded in HEAD_YES:
        return True
    raise CellError(_("Write x for the head of household, or leave it empty."))


def parse_vneid(value: str) -> int | None:
    folded = fast_fold(value)
    if not folded:
        return None
    level = VNEID.get(folded)
    if level is None:
        raise CellError(
            _("VNeID must be 0 (none), 1 (level 1) or 2 (level 2), not “%(value)s”.")
            % {"value": value},
            "vneid",
        )
    return level


def parse_gender(value: str) -> str | None:
    folded = fast_fold(value)
    if not folded:
        return None
    gender = GENDERS.get(folded)
    if gender is None:
        raise CellError(_("Write “Nam” or “Nữ”, not “%(value)s”.") % {"value": value}, "gender")
    return gender


_NOT_DIGITS = re.compile(r"[\s.\-()]")
_MASKED_CCCD = re.compile(r"^\*{4,}\s*([0-9]{4})$")


def masked_cccd_digits(value: str) -> str | None:
    """The last four digits of a CCCD masked as the exports write it (``********1234``)."""
    match = _MASKED_CCCD.match(value)
    return match.group(1) if match else None


def normalise_cccd(value: str) -> str:
    """Digits only; restores the leading zeros a spreadsheet drops from numbers (1–2 of them:
    every province code starts with 0)."""
    digits = _NOT_DIGITS.sub("", value)
    if digits.isdigit() and 10 <= len(digits) <= 11 and digits[0] != "0":
        return digits.zfill(12)
    return digits


_PHONE = re.compile(r"^0[0-9]{9,10}$")


def parse_phone(value: str) -> str:
    digits = _NOT_DIGITS.sub("", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif digits.isdigit() and len(digits) == 9 and digits[0] != "0":  # a number lost its 0
        digits = "0" + digits
    if not _PHONE.match(digits):
        raise CellError(
            _("“%(value)s” is not a Vietnamese phone number (10 digits starting with 0).")
            % {"value": value},
            "phone",
        )
    return digits
