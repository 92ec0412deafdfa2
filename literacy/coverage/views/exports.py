"""Every dashboard table as CSV or XLSX: an area's parts, its trend, segments and lessons."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from households.exports import export_response

from ..areas import area_for
from ..exports import Rows, lesson_columns, part_columns, segment_columns, trend_columns
from ..permissions import wards_required
from ..selectors import area_page

TABLES = {
    "parts": (part_columns, lambda page: page.parts),
    "trend": (trend_columns, lambda page: page.history),
    "segments": (segment_columns, lambda page: page.segments),
    "lessons": (lesson_columns, lambda page: page.lessons),
}


@wards_required
def table_export(request: HttpRequest, code: str, table: str, fmt: str) -> HttpResponse:
    if table not in TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    area = area_for(request.user, code)
    columns, rows = TABLES[table]
    page = area_page(request.user, area)
    return export_response(
        fmt=fmt, stem=f"{table}-{area.code}", columns=columns(), queryset=Rows(rows(page))
    )
