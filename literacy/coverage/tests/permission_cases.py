"""The coverage pages, exports and API in the role × scope matrix.

The world gets a day of figures for ward A, ward B (a hamlet of its own) and the programme,
written straight into the roll-up table (a run per matrix case would be slow). Ward B's pages,
lists, exports and API answer 404 to the roles scoped to ward A; the programme page and the
targets are provincial staff's; the team page is the team leads'.
"""

from __future__ import annotations

from django.utils import timezone

from literacy.areas.models import Hamlet
from literacy.coverage.models import AreaKind, CoverageDay, ProgrammeTarget
from literacy.tests.matrix import Endpoint

NOT_PROVINCIAL = ("ward_official", "team_lead", "mentor")
NO_DASHBOARD = ("team_lead", "mentor")
HAMLET_B = "Ấp ngoài phạm vi COVB"


def build_world(world) -> None:
    day = timezone.localdate()
    now = timezone.now()
    world.coverage_hamlet_b = Hamlet.objects.create(ward=world.ward_b, name=HAMLET_B)
    rows = [
        CoverageDay(day=day, kind=AreaKind.PROGRAMME, area_id=0, residents=3, computed_at=now),
        CoverageDay(
            day=day, kind=AreaKind.WARD, area_id=world.ward_a.pk, ward=world.ward_a, computed_at=now
        ),
        CoverageDay(
            day=day,
            kind=AreaKind.WARD,
            area_id=world.ward_b.pk,
            ward=world.ward_b,
            residents=3,
            computed_at=now,
        ),
        CoverageDay(
            day=day,
            kind=AreaKind.HAMLET,
            area_id=world.coverage_hamlet_b.pk,
            ward=world.ward_b,
            hamlet=world.coverage_hamlet_b,
            residents=3,
            computed_at=now,
        ),
    ]
    CoverageDay.objects.bulk_create(rows)


def _ward_b(world) -> dict:
    return {"code": world.ward_b.code}


def _targets(world) -> tuple:
    return tuple(ProgrammeTarget.objects.values_list("trained_adults", "deadline"))


ENDPOINTS = [
    Endpoint("coverage:programme", forbidden_roles=NOT_PROVINCIAL),
    Endpoint("coverage:area", kwargs=_ward_b, forbidden_roles=NO_DASHBOARD),
    Endpoint(
        "coverage:list",
        kwargs=lambda w: {"code": f"h{w.coverage_hamlet_b.pk}", "kind": "untrained"},
        forbidden_roles=NO_DASHBOARD,
    ),
    Endpoint(
        "coverage:table_export",
        kwargs=lambda w: {"code": w.ward_b.code, "table": "parts", "fmt": "csv"},
        forbidden_roles=NO_DASHBOARD,
    ),
    Endpoint(
        "coverage:targets",
        methods=("GET", "POST"),
        payload=lambda w: {"trained_adults": "7", "deadline": "2030-01-01"},
        snapshot=_targets,
        forbidden_roles=NOT_PROVINCIAL,
    ),
    Endpoint("coverage:team", forbidden_roles=("provincial", "ward_official", "mentor")),
    Endpoint(
        "api:coverage-list",
        api=True,
        query=lambda w: {"area": w.ward_b.code},
        leak=lambda w: HAMLET_B,
        forbidden_roles=NO_DASHBOARD,
        note="ward B's figures: 404 for ward A's official, 403 for roles without dashboards",
    ),
]
