"""Vietnamese text helpers shared by search, import header matching and exports."""

from __future__ import annotations

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case, accent-free form for search: 'Nguyễn Văn Đạt' → 'nguyen van dat'.

    'đ' is a separate letter in Vietnamese (not d + a mark), so it is mapped explicitly.
    Whitespace runs collapse to one space.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
