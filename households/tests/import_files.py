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
