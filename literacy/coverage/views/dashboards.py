"""The dashboards: the programme (provincial home page), a ward (the ward official's home
page), a hamlet, and a ward's residents not yet in a household. Thin: a selector does the reads.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..areas import area_for, programme_area, ward_area
from ..lists import LISTS, expected_count
from ..models import AreaKind
from ..permissions import can_edit_targets, programme_required, wards_required
from ..selectors import area_page
from .common import refresh_without_worker

TEMPLATES = {
    AreaKind.PROGRAMME: "coverage/programme.html",
    AreaKind.WARD: "coverage/ward.html",
    AreaKind.HAMLET: "coverage/hamlet.html",
    AreaKind.UNPLACED: "coverage/hamlet.html",
}


def _todos(page) -> list[dict]:
    """Today's to-dos of an area with people lists: how many, and the list behind each."""
    if page.figures is None or not page.area.has_people_lists:
        return []
    return [
        {"kind": LISTS[slug], "count": expected_count(LISTS[slug], page.figures)}
        for slug in ("families", "identity", "mentors", "unmentored", "untrained")
    ]


def render_area(request: HttpRequest, area) -> HttpResponse:
    refresh_without_worker()
    page = area_page(request.user, area)
    return render(
        request,
        TEMPLATES[area.kind],
        {
            "page": page,
            "area": area,
            "todos": _todos(page),
            "can_edit_targets": can_edit_targets(request.user),
        },
    )


@programme_required
def programme(request: HttpRequest) -> HttpResponse:
    return render_area(request, programme_area())


@wards_required
def area(request: HttpRequest, code: str) -> HttpResponse:
    return render_area(request, area_for(request.user, code))


def home_dashboard(request: HttpRequest) -> HttpResponse | None:
    """The signed-in user's home page, if their role has a dashboard (else ``None``)."""
    from ..permissions import can_see_programme, can_see_team
    from .team import team

    user = request.user
    if can_see_programme(user):
        return render_area(request, programme_area())
    if getattr(user, "is_ward_official", False) and user.is_active:
        ward = user.wards.order_by("name").first()
        if ward is not None:
            return render_area(request, ward_area(ward))
    if can_see_team(user):
        return team(request)
    return None
