"""The dashboards: the programme (provincial home page), a ward (the ward official's home
page), a hamlet, and a ward's residents not yet in a household. Thin: a selector does the reads.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from ..areas import area_for, programme_area, ward_area
from ..lists import LISTS, expected_count
from ..models import AreaKind
from ..page_cache import Version, cached_part
from ..permissions import can_edit_targets, programme_required, wards_required
from ..selectors import area_page
from ..versions import pages_version
from .common import refresh_without_worker

TEMPLATES = {
    AreaKind.PROGRAMME: "coverage/programme.html",
    AreaKind.WARD: "coverage/ward.html",
    AreaKind.HAMLET: "coverage/hamlet.html",
    AreaKind.UNPLACED: "coverage/hamlet.html",
}
#: Each page's own part: cached per version of its figures (``page_cache.py``).
BODIES = {kind: name.replace("coverage/", "coverage/bodies/") for kind, name in TEMPLATES.items()}


def _todos(page) -> list[dict]:
    """Today's to-dos of an area with people lists: how many, and the list behind each."""
    if page.figures is None or not page.area.has_people_lists:
        return []
    return [
        {"kind": LISTS[slug], "count": expected_count(LISTS[slug], page.figures)}
        for slug in ("families", "identity", "mentors", "unmentored", "untrained")
    ]


def _body(user, area, *, can_edit: bool) -> str:
    """The page's own part, from the roll-up tables (no request: nothing personal is cached)."""
    page = area_page(user, area)
    context = {"page": page, "area": area, "todos": _todos(page), "can_edit_targets": can_edit}
    return render_to_string(BODIES[area.kind], context)


def render_area(request: HttpRequest, area, *, version: Version | None = None) -> HttpResponse:
    refresh_without_worker()
    user = request.user
    can_edit = can_edit_targets(user)
    body = cached_part(
        user,
        area,
        variant="edit" if can_edit else "read",
        render=lambda: _body(user, area, can_edit=can_edit),
        version=version,
    )
    return render(request, TEMPLATES[area.kind], {"area": area, "body": body})


@programme_required
def programme(request: HttpRequest) -> HttpResponse:
    return render_area(request, programme_area())


@wards_required
def area(request: HttpRequest, code: str) -> HttpResponse:
    # The version first: the same query reads the user's wards, which the area's lookup needs.
    version = pages_version(request.user)
    return render_area(request, area_for(request.user, code), version=version)


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
