"""Ids and numbers typed into addresses and forms, read without ever raising.

``str.isdigit`` is not enough: it accepts '²' and other digits ``int`` refuses, and a 30-digit
number overflows the database's integer columns. Both used to answer 500.
"""

from __future__ import annotations

#: The most digits a database id (bigint) can have without overflowing.
MAX_ID_DIGITS = 18


def is_plain_number(value) -> bool:
    """Only the digits 0–9 (at most 18 of them)."""
    text = str(value if value is not None else "")
    return 0 < len(text) <= MAX_ID_DIGITS and text.isascii() and text.isdigit()


def parse_id(value) -> int | None:
    """The id ``value`` spells (surrounding spaces allowed), or ``None``."""
    text = str(value if value is not None else "").strip()
    return int(text) if is_plain_number(text) else None
