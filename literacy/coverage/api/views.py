"""``GET /api/v1/coverage/?area=CODE``: an area's latest figures and daily history, in scope."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from ..areas import Area, area_for, is_area_code
from ..models import AreaKind
from ..permissions import can_see_wards
from ..selectors import area_page
from .serializers import CoverageSerializer

AREA_HELP = _("Give an area: all, a ward's code, h and a hamlet's id, or u and a ward's code.")
KIND_NAMES = {
    AreaKind.PROGRAMME: "programme",
    AreaKind.WARD: "ward",
    AreaKind.HAMLET: "hamlet",
    AreaKind.UNPLACED: "unplaced",
}


def _area(area: Area) -> dict:
    return {"code": area.code, "kind": KIND_NAMES[area.kind], "name": area.name}


def _outlook(page) -> dict | None:
    o = page.outlook
    if o is None:
        return None
    return {
        "target": o.target,
        "deadline": o.deadline,
        "pace_per_week": o.pace_per_week,
        "needed_per_week": o.needed_per_week,
        "projected_on": o.projected_on,
        "is_reached": o.is_reached,
        "is_off_track": o.is_off_track,
        "days_late": o.days_late,
    }


class CoverageViewSet(viewsets.ViewSet):
    """The coverage figures of one area (provincial staff: any; ward officials: their wards)."""

    serializer_class = CoverageSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "area",
                str,
                required=True,
                description="all | a ward's official code | h<hamlet id> | u<ward code>",
            )
        ],
        responses=CoverageSerializer,
    )
    def list(self, request):
        if not can_see_wards(request.user):
            raise PermissionDenied
        code = request.query_params.get("area", "")
        if not is_area_code(code):
            raise ValidationError({"area": [AREA_HELP]})
        area = area_for(request.user, code)
        page = area_page(request.user, area)
        data = {
            "area": _area(area),
            "as_of": page.as_of,
            "latest": page.figures,
            "outlook": _outlook(page),
            "history": page.history,
            "segments": [row.__dict__ for row in page.segments],
            "lessons": [
                {"lesson": row.lesson.code, "completions": row.completions} for row in page.lessons
            ],
            "parts": [
                {"area": _area(part.area), "target": part.target, "latest": part.figures}
                for part in page.parts
            ],
        }
        return Response(CoverageSerializer(data).data)
