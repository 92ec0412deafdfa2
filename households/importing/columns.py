"""The template's columns and how a file's header is matched to them (case and accents ignored)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from literacy.text import fold


@dataclass(frozen=True)
class Column:
    key: str
    #: The header written in the template (Vietnamese, as field rosters use it).
    header: str
    required: bool = False
    #: Other spellings seen in the field (compared folded).
    aliases: tuple[str, ...] = ()
    hint: str = ""


#: The template's columns, in the order of the issue. Headers are data (the file format), so
#: they stay Vietnamese whatever the interface language is.
COLUMNS: tuple[Column, ...] = (
    Column("full_name", "Họ và tên", required=True, aliases=("họ tên", "tên")),
    Column("date_of_birth", "Ngày sinh", required=True, hint="dd/mm/yyyy"),
    Column("gender", "Giới tính", hint="Nam/Nữ"),
    Column("cccd", "Số CCCD", aliases=("cccd", "căn cước công dân", "số căn cước")),
    Column("phone", "Số điện thoại", aliases=("điện thoại", "sđt", "số đt")),
    Column("hamlet", "Khu phố/Ấp", required=True, aliases=("khu phố", "ấp", "tổ dân phố")),
    Column("household_code", "Mã hộ", required=True, aliases=("mã hộ gia đình",)),
    Column("household_address", "Địa chỉ hộ", aliases=("địa chỉ",)),
    Column("is_head", "Chủ hộ", hint="x"),
    Column("segments", "Nhóm", aliases=("nhóm đối tượng",)),
    Column("vneid", "VNeID", hint="0/1/2", aliases=("mức vneid", "định danh điện tử")),
    Column("has_bank_account", "Tài khoản ngân hàng", hint="có/không"),
    Column("has_ewallet", "Ví điện tử", hint="có/không"),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}

_PARENTHESES = re.compile(r"\(.*?\)|\*")
_SPACED_SLASH = re.compile(r"\s*/\s*")


def header_key(text: object) -> str:
    """The comparable form of a header cell: folded, without '(dd/mm/yyyy)' hints or '*'."""
    folded = fold(_PARENTHESES.sub(" ", str(text or "")))
    return _SPACED_SLASH.sub("/", folded).strip()


_KEYS: dict[str, str] = {}
for _column in COLUMNS:
    for _spelling in (_column.header, *_column.aliases):
        _KEYS.setdefault(header_key(_spelling), _column.key)


class HeaderError(Exception):
    """The header row cannot be used; ``messages`` say why (already translated)."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def match_header(cells: list[object]) -> dict[str, int]:
    """Map column keys to their position in ``cells``; unknown columns are ignored."""
    positions: dict[str, int] = {}
    errors: list[str] = []
    for index, cell in enumerate(cells):
        key = _KEYS.get(header_key(cell))
        if key is None:
            continue
        if key in positions:
            errors.append(
                _("The column “%(header)s” appears twice.") % {"header": COLUMN_BY_KEY[key].header}
            )
            continue
        positions[key] = index
    missing = [
        column.header for column in COLUMNS if column.required and column.key not in positions
    ]
    if missing:
        errors.append(
            _("Required columns are missing: %(columns)s. Download the template to see them.")
            % {"columns": ", ".join(missing)}
        )
    if errors:
        raise HeaderError([str(message) for message in errors])
    return positions


def looks_like_header(cells: list[object]) -> bool:
    """At least three known column names: used to find the header in the first few rows."""
    return sum(1 for cell in cells if header_key(cell) in _KEYS) >= 3
