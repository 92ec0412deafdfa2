"""Build roster files in the formats seen in the field, for the import tests."""

from __future__ import annotations

import csv
import io

from households.importing.columns import COLUMNS

HEADER = [column.header for column in COLUMNS]


def person(**cells) -> list[str]:
    """One template row; keyword names are column keys (full_name=…, cccd=…)."""
    row = {
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "15/03/1958",
        "gender": "Nam",
        "cccd": "",
        "phone": "0912345678",
        "hamlet": "Khu phố 1",
        "household_code": "HO-001",
        "household_address": "12 Lê Lợi",
        "is_head": "x",
        "segments": "",
        "vneid": "2",
        "has_bank_account": "có",
        "has_ewallet": "không",
    }
    row.update(cells)
    return [row[column.key] for column in COLUMNS]


def family() -> list[list[str]]:
    """A household of three, the head with a CCCD that matches his birth and gender."""
    return [
        person(cccd="074058001234"),
        person(
            full_name="Trần Thị Bình",
            date_of_birth="02/11/1962",
            gender="Nữ",
            cccd="074162005678",
            is_head="",
            segments="Tiểu thương",
            vneid="1",
            has_ewallet="có",
        ),
        person(
            full_name="Nguyễn Đức Đạt",
            date_of_birth="20/07/2006",
            cccd="",
            phone="",
            is_head="",
            segments="Công nhân",
            vneid="0",
            has_bank_account="không",
        ),
    ]


def csv_bytes(rows, *, header=HEADER, bom=True, delimiter=",", newline="\r\n") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def unicode_text_bytes(rows, *, header=HEADER) -> bytes:
    """Excel's "Unicode text": UTF-16 little-endian with BOM, tab separated, CRLF."""
    lines = ["\t".join(header)] + ["\t".join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-16")


def xlsx_bytes(rows, *, header=HEADER, typed=False) -> bytes:
    """An XLSX workbook; ``typed`` writes dates and numbers as Excel types (as Excel does
    when a person types them into a General cell)."""
    import datetime

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        cells = list(row)
        if typed:
            day, month, year = (int(part) for part in cells[1].split("/"))
            cells[1] = datetime.datetime(year, month, day)
            cells[3] = int(cells[3]) if cells[3] else None
            cells[4] = int(cells[4]) if cells[4] else None
            cells[10] = int(cells[10]) if cells[10] else None
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Workbooks written by hand, for what openpyxl cannot write: formulas with a saved value, and
# huge sheets built in a fraction of a second (zip bombs of one-cell rows).

_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_PACKAGE}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OFFICE}.worksheet+xml"/>'
    "</Types>"
).encode()
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_DOCUMENT}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
).encode()
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    f'xmlns:r="{_DOCUMENT}">'
    '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
_WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_DOCUMENT}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
).encode()


class Formula:
    """A formula cell, with the value a spreadsheet program saved (or none)."""

    def __init__(self, expression: str, value: str | None = None):
        self.expression = expression
        self.value = value


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_xml(line: int, index: int, value) -> bytes:
    from xml.sax.saxutils import escape

    ref = f"{_column_letter(index)}{line}"
    if isinstance(value, Formula):
        saved = "" if value.value is None else f"<v>{escape(value.value)}</v>"
        return f'<c r="{ref}" t="str"><f>{escape(value.expression)}</f>{saved}</c>'.encode()
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'.encode()


def _row_xml(line: int, cells) -> bytes:
    inner = b"".join(_cell_xml(line, i, v) for i, v in enumerate(cells) if v not in ("", None))
    return b'<row r="%d">%s</row>' % (line, inner)


def workbook_bytes(sheet_rows: bytes) -> bytes:
    """An XLSX whose only sheet holds ``sheet_rows`` (``<row>`` elements)."""
    import zipfile

    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + sheet_rows + b"</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def handmade_xlsx(rows, *, header=HEADER) -> bytes:
    """An XLSX of text cells and :class:`Formula` cells, the header on line 1."""
    lines = [header, *rows]
    return workbook_bytes(b"".join(_row_xml(n, cells) for n, cells in enumerate(lines, 1)))


def one_cell_rows_xlsx(count: int, *, header=HEADER) -> bytes:
    """A zip bomb of the kind seen in the field: the header, then ``count`` rows holding one
    name each. A few hundred kilobytes that unpack to tens of megabytes."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
        for n in range(2, count + 2)
    )
    return workbook_bytes(_row_xml(1, header) + rows)
