"""CSV and XLSX exports of the roster lists.

Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) are neutralised with a leading apostrophe. Rows are streamed from the
database in chunks (``iterator``), never held in memory for CSV; XLSX uses openpyxl's write-only
mode. The CCCD is always masked and the ethnic-minority column is present only for users who
manage the residents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, minus the header
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """Make a text cell inert in a spreadsheet; other values pass through."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]


def _yes_no(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def resident_columns(*, sensitive: bool) -> list[Column]:
    columns = [
        Column(_("Full name"), lambda r: r.full_name),
        Column(_("Date of birth"), lambda r: _date(r.date_of_birth)),
        Column(_("Gender"), lambda r: r.get_gender_display()),
        Column(_("Citizen ID (last 4 digits)"), lambda r: r.cccd_masked),
        Column(_("Phone number"), lambda r: r.phone),
        Column(_("Ward/commune"), lambda r: r.ward.name),
        Column(_("Hamlet"), lambda r: r.household.hamlet.name if r.household else ""),
        Column(_("Household code"), lambda r: r.household.code if r.household else ""),
        Column(_("Worker"), lambda r: _yes_no(r.is_worker)),
        Column(_("Small trader"), lambda r: _yes_no(r.is_small_trader)),
        Column(_("Farmer"), lambda r: _yes_no(r.is_farmer)),
        Column(_("Person with disability"), lambda r: _yes_no(r.has_disability)),
    ]
    if sensitive:
        columns.append(Column(_("Ethnic minority"), lambda r: _yes_no(r.is_ethnic_minority)))
    columns += [
        Column(_("VNeID status"), lambda r: r.get_vneid_level_display()),
        Column(_("Has a bank account"), lambda r: _yes_no(r.has_bank_account)),
        Column(_("Has an e-wallet"), lambda r: _yes_no(r.has_ewallet)),
        Column(_("Trained"), lambda r: _yes_no(r.is_trained)),
    ]
    return columns


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
        yield [neutralise(column.value(obj)) for column in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(*, stem: str, columns: list[Column], queryset) -> StreamingHttpResponse:
    """Stream a UTF-8 CSV with a BOM (so Excel shows Vietnamese correctly)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in _rows(columns, queryset.iterator(chunk_size=2000)):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def xlsx_response(*, stem: str, columns: list[Column], queryset) -> HttpResponse:
    """An XLSX workbook; every text cell is stored as text, never as a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=stem[:31])
    for row in _rows(columns, queryset[:XLSX_MAX_ROWS].iterator(chunk_size=2000)):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "xlsx")}"'
    return response


def export_response(*, fmt: str, stem: str, columns: list[Column], queryset):
    if fmt == "xlsx":
        return xlsx_response(stem=stem, columns=columns, queryset=queryset)
    return csv_response(stem=stem, columns=columns, queryset=queryset)
