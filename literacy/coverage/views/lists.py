"""The lists behind a figure (untrained adults, households not yet a Digital Family, …) for a
ward, a hamlet or a ward's unplaced residents; ``?format=csv|xlsx`` exports the whole list."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from households.exports import export_response
from lessons.models import Lesson
from literacy.paging import paginate

from ..areas import area_for
from ..exports import list_columns
from ..lists import LISTS, expected_count, people
from ..permissions import wards_required
from ..selectors import area_figures

PAGE_SIZE = 100


@wards_required
def people_list(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    area = area_for(request.user, code)
    list_kind = LISTS.get(kind)
    if list_kind is None or not area.has_people_lists:
        raise Http404
    figures = area_figures(request.user, area)
    if figures is None:
        raise Http404
    rows = people(user=request.user, kind=list_kind, area=area, day=figures.day)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        return export_response(
            fmt=fmt,
            stem=f"{list_kind.slug}-{area.code}",
            columns=list_columns(list_kind),
            queryset=rows,
        )
    page = paginate(request, rows, PAGE_SIZE)
    return render(
        request,
        "coverage/list.html",
        {
            "area": area,
            "kind": list_kind,
            "page": page,
            "expected": expected_count(list_kind, figures),
            "core_total": Lesson.objects.core().count(),
            "day": figures.day,
        },
    )
