"""Reads of the dashboards: only the roll-up tables, a fixed number of queries per page.

An area's page shows its latest figures, its trend, its target and outlook, and a row for each
of its parts (the programme's wards; a ward's hamlets and its residents not yet in a household),
each with its own target and outlook, so that the parts add up to the whole on the page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max

from literacy.areas.models import Hamlet, Ward

from .areas import Area, hamlet_area, unplaced_area, ward_area
from .models import (
    AreaKind,
    CoverageCursor,
    CoverageDay,
    CoverageLessonDay,
    CoverageSegmentDay,
    ProgrammeTarget,
    Segment,
    WardTarget,
)
from .projection import PACE_WINDOW_DAYS, Outlook, outlook, shares

#: Trend drawn over this many days.
HISTORY_DAYS = 180
#: The ethnic-minority segment is shown only from this many people (small counts identify).
SENSITIVE_MIN_COUNT = 10


@dataclass
class PartRow:
    area: Area
    figures: CoverageDay
    target: int
    outlook: Outlook


@dataclass
class SegmentRow:
    segment: str
    label: str
    adults: int | None
    trained: int | None
    four_t_completers: int | None
    #: Hidden because the count is small (the sensitive segment).
    is_suppressed: bool = False

    @property
    def share(self) -> float | None:
        if not self.adults or self.trained is None:
            return None
        return self.trained / self.adults


@dataclass
class AreaPage:
    area: Area
    day: datetime.date | None
    figures: CoverageDay | None
    as_of: datetime.datetime | None
    target: int
    deadline: datetime.date
    outlook: Outlook | None
    history: list[CoverageDay] = field(default_factory=list)
    parts: list[PartRow] = field(default_factory=list)
    segments: list[SegmentRow] = field(default_factory=list)
    lessons: list[CoverageLessonDay] = field(default_factory=list)

    @property
    def parts_total(self) -> dict:
        """The parts' figures summed (shown under the table: they equal the area's)."""
        totals = {}
        for name in ("residents", "adults", "trained_adults", "households", "digital_families"):
            totals[name] = sum(getattr(part.figures, name) for part in self.parts)
        return totals


def _rows(user):
    return CoverageDay.objects.visible_to(user)


def latest_day(user) -> datetime.date | None:
    return _rows(user).aggregate(day=Max("day"))["day"]


def _as_of() -> datetime.datetime | None:
    cursor = CoverageCursor.objects.filter(pk=1).first()
    return cursor.finished_at if cursor else None


def _of(area: Area) -> dict:
    return {"kind": area.kind, "area_id": area.area_id}


def area_figures(user, area: Area) -> CoverageDay | None:
    """The area's latest figures (one query)."""
    return _rows(user).filter(**_of(area)).order_by("-day").first()


def _parts_filter(area: Area) -> dict:
    if area.kind == AreaKind.PROGRAMME:
        return {"kind": AreaKind.WARD}
    if area.kind == AreaKind.WARD:
        return {"kind__in": [AreaKind.HAMLET, AreaKind.UNPLACED], "ward_id": area.ward.pk}
    return {"pk__in": []}


def _earlier(user, filters: dict, day: datetime.date) -> dict[tuple[int, int], tuple]:
    """Each area's first figures in the pace window: (kind, area) → (day, trained)."""
    start = day - datetime.timedelta(days=PACE_WINDOW_DAYS)
    rows = (
        _rows(user)
        .filter(day__gte=start, day__lte=day, **filters)
        .order_by("kind", "area_id", "day")
        .distinct("kind", "area_id")
        .values_list("kind", "area_id", "day", "trained_adults")
    )
    return {(kind, area_id): (first, trained) for kind, area_id, first, trained in rows}


def _ward_targets(day: datetime.date, programme: ProgrammeTarget) -> dict[int, int]:
    """Every ward's target: its override, or its share of the rest by adults.

    Reads every ward's adult count (a programme-wide aggregate, no personal data) because a
    ward's share depends on the others'.
    """
    adults = dict(
        CoverageDay.objects.filter(kind=AreaKind.WARD, day=day).values_list("area_id", "adults")
    )
    fixed = dict(WardTarget.objects.values_list("ward_id", "trained_adults"))
    return shares(programme.trained_adults, adults, fixed)


def _part_area(row: CoverageDay, wards: dict, hamlets: dict) -> Area:
    if row.kind == AreaKind.WARD:
        return ward_area(wards[row.area_id])
    if row.kind == AreaKind.HAMLET:
        return hamlet_area(hamlets[row.area_id])
    return unplaced_area(wards[row.ward_id])


def sensitive_wards_suppressed(day: datetime.date) -> set[int]:
    """The wards whose ethnic-minority figures are not shown on ``day``.

    Those below ``SENSITIVE_MIN_COUNT``, and, when that is exactly one ward, also the next
    smallest: otherwise the programme's total minus every shown ward would give the hidden one
    (complementary suppression). Reads every ward's count, an aggregate with no personal data,
    because whether one ward is shown depends on the others.
    """
    counts = sorted(
        CoverageSegmentDay.objects.filter(
            day=day, kind=AreaKind.WARD, segment=Segment.ETHNIC_MINORITY
        ).values_list("adults", "area_id")
    )
    hidden = {ward_id for adults, ward_id in counts if adults < SENSITIVE_MIN_COUNT}
    if len(hidden) == 1 and len(counts) > 1:
        hidden.add(counts[1][1])  # the smallest shown ward
    return hidden


def _is_suppressed(row: CoverageSegmentDay, hidden_wards: set[int]) -> bool:
    if row.segment != Segment.ETHNIC_MINORITY:
        return False
    return row.adults < SENSITIVE_MIN_COUNT or (
        row.kind == AreaKind.WARD and row.area_id in hidden_wards
    )


def _segments(user, area: Area, day: datetime.date) -> list[SegmentRow]:
    stored = {
        row.segment: row
        for row in CoverageSegmentDay.objects.visible_to(user).filter(day=day, **_of(area))
    }
    # A ward's page always asks (one query), whatever its figures: a fixed query count.
    hidden_wards = sensitive_wards_suppressed(day) if area.kind == AreaKind.WARD else set()
    result = []
    for segment, label in Segment.choices:
        row = stored.get(segment)
        if row is None:
            continue
        suppressed = _is_suppressed(row, hidden_wards)
        result.append(
            SegmentRow(
                segment=segment,
                label=str(label),
                adults=None if suppressed else row.adults,
                trained=None if suppressed else row.trained,
                four_t_completers=None if suppressed else row.four_t_completers,
                is_suppressed=suppressed,
            )
        )
    return result


def area_page(user, area: Area) -> AreaPage:
    """Everything an area's dashboard shows (the caller checked the area is in scope)."""
    programme = ProgrammeTarget.current()
    day = latest_day(user)
    empty = AreaPage(
        area=area,
        day=None,
        figures=None,
        as_of=_as_of(),
        target=0,
        deadline=programme.deadline,
        outlook=None,
    )
    if day is None:
        return empty
    start = day - datetime.timedelta(days=HISTORY_DAYS)
    history = list(_rows(user).filter(day__gte=start, day__lte=day, **_of(area)).order_by("day"))
    if not history or history[-1].day != day:
        return empty
    figures = history[-1]
    ward_targets = _ward_targets(day, programme)
    parts = list(_rows(user).filter(day=day, **_parts_filter(area)).order_by("kind", "area_id"))
    if area.kind == AreaKind.PROGRAMME:
        target = programme.trained_adults
        part_targets = {
            (AreaKind.WARD, row.area_id): ward_targets.get(row.area_id, 0) for row in parts
        }
    else:
        target = ward_targets.get(area.ward.pk, 0)
        part_targets = {}
        if area.kind == AreaKind.WARD:
            part_targets = shares(target, {(row.kind, row.area_id): row.adults for row in parts})
        elif area.kind in (AreaKind.HAMLET, AreaKind.UNPLACED):
            target = _share_in_ward(user, area, day, target)
    earlier = _earlier(user, _parts_filter(area), day)
    window_start = day - datetime.timedelta(days=PACE_WINDOW_DAYS)
    first = next((row for row in history if row.day >= window_start), None)
    page_outlook = outlook(
        target=target,
        trained=figures.trained_adults,
        as_of=day,
        deadline=programme.deadline,
        earlier=(first.day, first.trained_adults) if first else None,
    )
    wards = {w.pk: w for w in Ward.objects.filter(pk__in={r.ward_id for r in parts})}
    hamlets = Hamlet.objects.select_related("ward").filter(
        pk__in={r.area_id for r in parts if r.kind == AreaKind.HAMLET}
    )
    hamlets = {h.pk: h for h in hamlets}
    part_rows = []
    for row in parts:
        key = (row.kind, row.area_id)
        part_target = part_targets.get(key, 0)
        part_rows.append(
            PartRow(
                area=_part_area(row, wards, hamlets),
                figures=row,
                target=part_target,
                outlook=outlook(
                    target=part_target,
                    trained=row.trained_adults,
                    as_of=day,
                    deadline=programme.deadline,
                    earlier=earlier.get(key),
                ),
            )
        )
    lessons = list(
        CoverageLessonDay.objects.visible_to(user)
        .filter(day=day, lesson__is_active=True, **_of(area))
        .select_related("lesson")
        .order_by("lesson__track", "lesson__order", "lesson__code")
    )
    return AreaPage(
        area=area,
        day=day,
        figures=figures,
        as_of=_as_of(),
        target=target,
        deadline=programme.deadline,
        outlook=page_outlook,
        history=history,
        parts=part_rows,
        segments=_segments(user, area, day),
        lessons=lessons,
    )


def _share_in_ward(user, area: Area, day: datetime.date, ward_target: int) -> int:
    """A hamlet's (or the unplaced residents') share of its ward's target, by adults."""
    siblings = _rows(user).filter(
        day=day, kind__in=[AreaKind.HAMLET, AreaKind.UNPLACED], ward_id=area.ward.pk
    )
    adults = {
        (kind, area_id): n for kind, area_id, n in siblings.values_list("kind", "area_id", "adults")
    }
    return shares(ward_target, adults).get((area.kind, area.area_id), 0)
