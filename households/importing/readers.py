"""Turn an uploaded file into rows of text cells, whatever Excel or LibreOffice wrote.

Accepted: CSV in UTF-8 (with or without BOM, any line ends, ',' or ';' separated), Excel's
"Unicode text" (UTF-16, tab separated, whatever the extension) and XLSX. The format is told
from the content, not the file name. Sizes are checked before anything is parsed.
"""

from __future__ import annotations

import csv
import datetime
import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from literacy.spreadsheets import restore

from . import workbook
from .columns import looks_like_header

#: How many rows to look through for the header (a title row above it is tolerated).
HEADER_SEARCH_ROWS = 10


class FileError(Exception):
    """The file cannot be read; the message is for the user (translated)."""


@dataclass
class Table:
    header: list[str]
    #: The spreadsheet line of the header (1 unless there are title rows above it).
    header_line: int
    #: ``(line, cells)`` for every row under the header, cells as stripped text.
    rows: Iterator[tuple[int, list[str]]]
    #: Rows under the header, from a cheap count (``None`` when unknown).
    estimated_rows: int | None
    #: The spreadsheet column of the cells' first position (0 = A; a sheet may start further
    #: right), to name columns by letter.
    first_column: int = 0
    #: Line → positions of the cells that are formulas without a saved value (read as "").
    formulas: dict[int, list[int]] = field(default_factory=dict)


def file_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        size = file.seek(0, io.SEEK_END)
        file.seek(position)
    return size


def megabytes(limit: int) -> str:
    """A byte limit as people read it: 20, 2.5."""
    return f"{limit / 1024 / 1024:g}"


def too_big_message(limit: int) -> str:
    """The upload form and the reader refuse an oversized file with the same words."""
    return _("The file is larger than %(mb)s MB. Split it into several files.") % {
        "mb": megabytes(limit)
    }


def too_many_rows_message(limit: int) -> str:
    return _(
        "The file has more than %(rows)s rows. Split it into files of at most %(rows)s rows."
    ) % {"rows": number_format(limit, force_grouping=True)}


def _capped(rows: Iterator[tuple[int, list[str]]], header_line: int):
    """Stop a file whose rows outnumber the cap, even if a cheap count said otherwise."""
    last = header_line + settings.IMPORT_MAX_ROWS
    for line, cells in rows:
        if line > last:
            raise FileError(too_many_rows_message(settings.IMPORT_MAX_ROWS))
        yield line, cells


def read_table(file) -> Table:
    """Open ``file`` (binary, seekable) as a table, refusing oversized files before parsing."""
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if file_size(file) > limit:
        raise FileError(too_big_message(limit))
    file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise FileError(too_big_message(limit))
    if not data.strip():
        raise FileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(
            _("Old Excel files (.xls) are not supported: save the file as .xlsx or CSV UTF-8.")
        )
    return _read_text(_decode(data))


def _decode(data: bytes) -> str:
    """UTF-16 comes from Excel's "Unicode text"; everything else is UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data[:200].count(b"\x00") > 20:  # UTF-16 without a BOM
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:4096]:
            raise FileError(
                _("This is not a spreadsheet file. Upload CSV, Unicode text or XLSX.")
            ) from exc
        raise FileError(
            _(
                "The file is not in UTF-8. In Excel choose “Save as” → “CSV UTF-8 (comma "
                "delimited)” or “Excel Workbook (.xlsx)”."
            )
        ) from exc
    return text.lstrip("\ufeff")


def _read_text(text: str) -> Table:
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max(("\t", ";", ","), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header_line, header = _find_header(enumerate(reader, start=1))
    except csv.Error as exc:
        raise FileError(_("The file is not a valid CSV file: %(error)s") % {"error": exc}) from exc

    # Our CSV exports neutralise formula-like text with an apostrophe: take it off again.
    neutralised = "'" in text

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = header_line
        try:
            for cells in reader:
                line += 1
                if neutralised:
                    cells = [restore(cell) for cell in cells]
                yield line, cells
        except csv.Error as exc:
            raise FileError(
                _("Line %(line)s cannot be read: %(error)s") % {"line": line + 1, "error": exc}
            ) from exc

    estimated = max(text.count("\n") - header_line + (not text.endswith("\n")), 0)
    if estimated > settings.IMPORT_MAX_ROWS:
        raise FileError(too_many_rows_message(settings.IMPORT_MAX_ROWS))
    header = [c.strip() for c in header]
    return Table(header, header_line, _capped(rows(), header_line), estimated)


def _find_header(numbered: Iterator[tuple[int, list]]) -> tuple[int, list]:
    """The first row that looks like our header within the first rows (else row 1)."""
    first = None
    for line, cells in numbered:
        if first is None:
            first = (line, cells)
        if looks_like_header(cells):
            return line, cells
        if line >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise FileError(_("The file is empty."))
    return first


def _unpacked_message(limit: int) -> str:
    return _("The workbook holds more than %(mb)s MB of data once unpacked. Split it.") % {
        "mb": megabytes(limit)
    }


def _inspect_xlsx(data: bytes) -> workbook.SheetFacts | None:
    """Refuse a workbook that unpacks or counts past the limits before it is parsed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        uncompressed = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FileError(_("The Excel file is damaged and cannot be opened.")) from exc
    if "xl/workbook.xml" not in names:
        raise FileError(_("This ZIP file is not an Excel workbook (.xlsx)."))
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    if uncompressed > limit:
        raise FileError(_unpacked_message(limit))
    path = workbook.first_sheet_path(archive)
    if path is None:
        return None  # calamine says what is wrong
    try:
        return workbook.scan_sheet(
            archive,
            path,
            max_rows=settings.IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS,
            max_bytes=limit,
            max_formulas=settings.IMPORT_MAX_ERRORS,
        )
    except workbook.TooBig as exc:
        if exc.unpacked > limit:
            raise FileError(_unpacked_message(limit)) from exc
        raise FileError(too_many_rows_message(settings.IMPORT_MAX_ROWS)) from exc
    except workbook.TooManyFormulas as exc:
        raise FileError(
            _(
                "The sheet has more than %(count)s formulas without a saved value, the first "
                "in cell %(cell)s. Open the file in Excel or LibreOffice, copy the sheet and "
                "paste it as values, then save it again."
            )
            % {"count": settings.IMPORT_MAX_ERRORS, "cell": exc.first}
        ) from exc
    except (zipfile.BadZipFile, ET.ParseError, ValueError, EOFError) as exc:
        raise FileError(_("The Excel file is damaged and cannot be opened.")) from exc


def _read_xlsx(data: bytes) -> Table:
    """Read the first sheet with python-calamine (Rust): about ten times faster than openpyxl's
    read-only mode, which made the parse the XLSX import's limit. openpyxl still writes the
    template and the exports."""
    from python_calamine import CalamineWorkbook

    facts = _inspect_xlsx(data)
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        # The sheet's cells start at its first used cell: count lines and columns from there.
        first_line, first_column = (sheet.start[0] + 1, sheet.start[1]) if sheet.start else (1, 0)
        raw_rows = iter(sheet.iter_rows())
        header_line, header = _find_header(
            (line, [_cell_text(v) for v in values])
            for line, values in enumerate(raw_rows, start=first_line)
        )
    except FileError:
        raise
    except Exception as exc:  # calamine raises several kinds on damaged files
        raise FileError(_("The Excel file is damaged and cannot be opened.")) from exc
    estimated = first_line + sheet.height - 1 - header_line if sheet.height else None
    if estimated is not None and estimated > settings.IMPORT_MAX_ROWS:
        raise FileError(too_many_rows_message(settings.IMPORT_MAX_ROWS))

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = header_line
        cell_text = _cell_text
        for values in raw_rows:
            line += 1
            # Most cells are text already: convert only the others.
            yield line, [v.strip() if v.__class__ is str else cell_text(v) for v in values]

    formulas = {}
    if facts is not None:
        formulas = {
            line: [column - first_column for column in columns if column >= first_column]
            for line, columns in facts.formulas_without_value.items()
            if line > header_line
        }
    return Table(
        header, header_line, _capped(rows(), header_line), estimated, first_column, formulas
    )


def _cell_text(value) -> str:
    """Excel cell values as the text a person typed (dates as dd/mm/yyyy, 1.0 as 1)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
