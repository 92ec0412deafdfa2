"""CSV and XLSX exports of the roster lists.

The resident export has the import template's columns in the template's order, written the way
the import reads them, so an exported list can be edited and imported back: the CCCD stays
masked (the import reads a masked number as "unchanged"), dates are dd/mm/yyyy (date cells in
XLSX). Two read-only columns follow (ward, trained), which the import ignores. The
ethnic-minority group is written only for users who manage the residents. Rows are streamed
from the database in chunks (``iterator``); the files are built by :mod:`literacy.spreadsheets`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from literacy.spreadsheets import csv_response, dated_filename, xlsx_response

from .importing.columns import COLUMN_BY_KEY
from .importing.values import (
    GENDER_WORDS,
    HEAD_WORD,
    NO_WORD,
    SEGMENT_WORDS,
    YES_WORD,
)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]


def _yes_no(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def _word(flag: bool) -> str:
    return YES_WORD if flag else NO_WORD


def _segments(resident, fields: tuple[str, ...]) -> str:
    return ", ".join(SEGMENT_WORDS[field] for field in fields if getattr(resident, field))


def _is_head(resident) -> str:
    household = resident.household
    return HEAD_WORD if household is not None and household.head_id == resident.pk else ""


def _household(attribute: str) -> Callable[[Any], Any]:
    def value(resident):
        household = resident.household
        if household is None:
            return ""
        return household.hamlet.name if attribute == "hamlet" else getattr(household, attribute)

    return value


def resident_columns(*, sensitive: bool) -> list[Column]:
    """The import template's columns, then the ward and the trained flag."""
    segments = tuple(field for field in SEGMENT_WORDS if sensitive or field != "is_ethnic_minority")
    template = {
        "full_name": lambda r: r.full_name,
        "date_of_birth": lambda r: r.date_of_birth,
        "gender": lambda r: GENDER_WORDS.get(r.gender, ""),
        "cccd": lambda r: r.cccd_masked,
        "phone": lambda r: r.phone,
        "hamlet": _household("hamlet"),
        "household_code": _household("code"),
        "household_address": _household("address"),
        "is_head": _is_head,
        "segments": lambda r: _segments(r, segments),
        "vneid": lambda r: r.vneid_level,
        "has_bank_account": lambda r: _word(r.has_bank_account),
        "has_ewallet": lambda r: _word(r.has_ewallet),
    }
    columns = [Column(COLUMN_BY_KEY[key].header, value) for key, value in template.items()]
    return columns + [
        Column(_("Ward/commune"), lambda r: r.ward.name),
        Column(_("Trained"), lambda r: _yes_no(r.is_trained)),
    ]


def household_columns() -> list[Column]:
    return [
        Column(_("Household code"), lambda h: h.code),
        Column(_("Ward/commune"), lambda h: h.ward.name),
        Column(_("Hamlet"), lambda h: h.hamlet.name),
        Column(_("Address"), lambda h: h.address),
        Column(_("Head of household"), lambda h: h.head.full_name if h.head else ""),
        Column(_("Members"), lambda h: h.member_count),
        Column(_("Digital Family"), lambda h: _yes_no(h.is_digital_family)),
    ]


def _rows(columns: list[Column], objects: Iterable) -> Iterator[list]:
    yield [column.header for column in columns]
    for obj in objects:
        yield [column.value(obj) for column in columns]


def export_response(*, fmt: str, stem: str, columns: list[Column], queryset):
    """The list as a CSV (streamed) or XLSX download."""
    rows = _rows(columns, queryset.iterator(chunk_size=2000))
    if fmt == "xlsx":
        return xlsx_response(filename=dated_filename(stem, "xlsx"), title=stem, rows=rows)
    return csv_response(filename=dated_filename(stem, "csv"), rows=rows)
