"""Spreadsheet downloads shared by every app: CSV streamed row by row, XLSX written to disk.

A spreadsheet program opening a CSV runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula (CSV injection), so such text gets a leading apostrophe,
and the roster import takes it off again (:func:`restore`). XLSX cells are typed: text is a
string cell, which no spreadsheet evaluates, so it is written as it is; dates are date cells
shown dd/mm/yyyy, and the header row stays in view when scrolling.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Excel's sheet limit (1,048,576 rows), the header included.
XLSX_MAX_ROWS = 1_048_576
XLSX_DATE_FORMAT = "DD/MM/YYYY"


def neutralise(value: Any) -> Any:
    """Make a text cell inert in a CSV opened by a spreadsheet; other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTERS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text :func:`neutralise` was given (a CSV export read back by an import)."""
    if text[:1] == "'" and text[1:].startswith(FORMULA_STARTERS):
        return text[1:]
    return text


def csv_cell(value: Any) -> str:
    """A value as CSV text: dates as dd/mm/yyyy, nothing for ``None``, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).isoformat(timespec="seconds")
    elif isinstance(value, datetime.date):
        value = value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def dated_filename(stem: str, extension: str) -> str:
    """``stem-YYYYMMDD.ext`` with today's date in the site's time zone."""
    return f"{stem}-{timezone.localdate():%Y%m%d}.{extension}"


class _Echo:
    """A file-like object whose ``write`` returns the line (``csv.writer`` into a generator)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """UTF-8 CSV text, one line at a time, with a BOM so that Excel shows Vietnamese."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_response(*, filename: str, rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    """Stream ``rows`` (the header first) as a CSV download: never the whole file in memory."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_cell(sheet, value: Any):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it starts with "=": never a formula
    elif isinstance(value, datetime.date):
        cell.number_format = XLSX_DATE_FORMAT
    return cell


def xlsx_write(file, *, title: str, rows: Iterable[Sequence[Any]]) -> None:
    """Write ``rows`` (the header first, kept in view) as a one-sheet workbook into ``file``.

    openpyxl's write-only mode streams the sheet to a temporary file as rows arrive, so the
    rows are never all in memory; past Excel's limit the rest is left out."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"  # before the first row: the sheet view is written first
    bold = Font(bold=True)
    for index, row in enumerate(itertools.islice(rows, XLSX_MAX_ROWS)):
        cells = [_xlsx_cell(sheet, value) for value in row]
        if index == 0:
            for cell in cells:
                cell.font = bold
        sheet.append(cells)
    workbook.save(file)


def xlsx_response(*, filename: str, title: str, rows: Iterable[Sequence[Any]]) -> FileResponse:
    """``rows`` as an XLSX download, built in a temporary file and streamed from it."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    xlsx_write(file, title=title, rows=rows)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
