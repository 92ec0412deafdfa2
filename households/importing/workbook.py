"""What an XLSX file holds, read from its zip before the sheet is parsed.

An XLSX is a zip of XML files, so a 300 KB upload can unpack to 100 MB of rows. One streaming
pass over the first sheet's XML (about 0.04 s per 15 MB, mostly inflating it) counts its rows
and unpacked bytes, so a bomb is refused before anything builds it in memory, and notices
formulas; only a sheet that has formulas is read a second time, to find the formula cells saved
without a value (files written by programs that do not calculate, such as scripts), which a
parser reads as blank.

The XML is the user's: ElementTree on expat 2.4.1 or later (Python 3.11 ships 2.5) resolves no
external entities and refuses entity-expansion bombs, hence the ``noqa: S314`` below.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
CHUNK = 1 << 20


def _has_formula(buffer: bytes, start_tag: bytes, end: int | None = None) -> bool:
    """A ``<f>`` element in ``buffer[:end]`` (not ``<formula1>`` of a data validation)."""
    position = buffer.find(start_tag, 0, end)
    while position >= 0:
        if buffer[position + len(start_tag) : position + len(start_tag) + 1] in (b">", b" ", b"/"):
            return True
        position = buffer.find(start_tag, position + 1, end)
    return False


class TooBig(Exception):
    """The sheet unpacks to more bytes, or holds more rows, than allowed."""

    def __init__(self, *, rows: int, unpacked: int):
        super().__init__(f"{rows} rows, {unpacked} bytes")
        self.rows = rows
        self.unpacked = unpacked


class TooManyFormulas(Exception):
    """More formulas without a value than the report would list; ``first`` is a cell."""

    def __init__(self, first: str):
        super().__init__(first)
        self.first = first


@dataclass
class SheetFacts:
    path: str
    rows: int = 0
    unpacked: int = 0
    has_formulas: bool = False
    #: Spreadsheet line → columns (0 = A) of the formula cells that have no saved value.
    formulas_without_value: dict[int, list[int]] = field(default_factory=dict)


def first_sheet_path(archive: zipfile.ZipFile) -> str | None:
    """The zip member of the workbook's first sheet (the one the import reads)."""
    names = set(archive.namelist())
    try:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
        sheet = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
        relation = sheet.get(RELATIONSHIP) if sheet is not None else None
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
        for rel in rels.iter(f"{PACKAGE_RELS}Relationship"):
            if rel.get("Id") == relation:
                target = rel.get("Target", "")
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join("xl", target))
                )
                return path if path in names else None
    except (KeyError, ET.ParseError):
        pass
    return "xl/worksheets/sheet1.xml" if "xl/worksheets/sheet1.xml" in names else None


def column_index(letters: str) -> int:
    """0 for A, 25 for Z, 26 for AA."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def scan_sheet(
    archive: zipfile.ZipFile, path: str, *, max_rows: int, max_bytes: int, max_formulas: int
) -> SheetFacts:
    """Count the sheet's rows and unpacked bytes as it is inflated, stopping at the first
    limit passed (:class:`TooBig`); then find its formula cells without a value."""
    facts = SheetFacts(path)
    tail = b""
    row_tag, formula_tag = b"<row", b"<f"  # bytes.count/find run at memory speed
    with archive.open(path) as stream:
        while chunk := stream.read(CHUNK):
            if not facts.unpacked and b"<sheetData" not in chunk and b":sheetData" in chunk:
                # Elements with a namespace prefix (``<x:row>``): the prefix is the sheet's.
                name = chunk.find(b":sheetData")
                prefix = chunk[chunk.rfind(b"<", 0, name) : name]
                row_tag, formula_tag = prefix + b":row", prefix + b":f"
            facts.unpacked += len(chunk)
            buffer = tail + chunk
            # Cut before the last "<": no tag straddles the cut, each is counted once.
            cut = max(buffer.rfind(b"<"), 0)
            facts.rows += buffer.count(row_tag, 0, cut)
            if not facts.has_formulas:
                facts.has_formulas = _has_formula(buffer, formula_tag, cut)
            tail = buffer[cut:]
            if facts.rows > max_rows or facts.unpacked > max_bytes:
                raise TooBig(rows=facts.rows, unpacked=facts.unpacked)
    facts.rows += tail.count(row_tag)
    facts.has_formulas = facts.has_formulas or _has_formula(tail, formula_tag)
    if facts.rows > max_rows:
        raise TooBig(rows=facts.rows, unpacked=facts.unpacked)
    if facts.has_formulas:
        facts.formulas_without_value = _formulas_without_value(archive, path, max_formulas)
    return facts


def _has_value(cell) -> bool:
    """A saved value: ``<v>`` with text, or an empty one for a text result (``t="str"``: a
    formula giving ""). openpyxl writes ``<v />`` for a formula it did not calculate."""
    value = cell.find(f"{MAIN}v")
    return value is not None and (bool(value.text) or cell.get("t") == "str")


def _formulas_without_value(
    archive: zipfile.ZipFile, path: str, limit: int
) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    count, line, column = 0, 0, -1
    first = ""
    sheet_data = None
    with archive.open(path) as stream:
        for event, element in ET.iterparse(stream, events=("start", "end")):  # noqa: S314
            tag = element.tag
            if event == "start":
                if tag == f"{MAIN}row":
                    line = int(element.get("r") or line + 1)
                    column = -1
                elif tag == f"{MAIN}sheetData":
                    sheet_data = element
                continue
            if tag == f"{MAIN}c":
                reference = element.get("r") or ""
                match = _CELL_REF.match(reference)
                column = column_index(match.group(1)) if match else column + 1
                if element.find(f"{MAIN}f") is not None and not _has_value(element):
                    count += 1
                    first = first or reference
                    if count > limit:
                        raise TooManyFormulas(first)
                    found.setdefault(line, []).append(column)
            elif tag == f"{MAIN}row" and sheet_data is not None:
                sheet_data.clear()  # rows already read: keep memory flat
    return found
