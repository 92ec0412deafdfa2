"""Compare the stored roll-up of a day with the figures counted straight from the raw tables."""

from __future__ import annotations

import datetime

from literacy.coverage import reference
from literacy.coverage.models import CoverageDay, CoverageLessonDay, CoverageSegmentDay
from literacy.coverage.models.rollups import DAY_METRICS


def _stored_days(day: datetime.date) -> dict:
    return {
        (row["kind"], row["area_id"]): {m: row[m] for m in DAY_METRICS}
        for row in CoverageDay.objects.filter(day=day).values("kind", "area_id", *DAY_METRICS)
    }


def _nonzero(values) -> bool:
    return any(values.values()) if isinstance(values, dict) else any(values)


def _compare(expected: dict, stored: dict, zero, what: str) -> list[str]:
    problems = []
    for key in sorted(set(expected) | set(stored), key=str):
        want = expected.get(key, zero)
        got = stored.get(key, zero)
        if want != got:
            if isinstance(want, dict):
                diff = {m: (got.get(m), want[m]) for m in want if got.get(m) != want[m]}
                problems.append(f"{what} {key}: stored≠raw {diff}")
            else:
                problems.append(f"{what} {key}: stored {got}, raw {want}")
    return problems


def rollup_mismatches(day: datetime.date) -> list[str]:
    """Every difference between the stored figures of ``day`` and the raw tables' (empty: none)."""
    reference.people_prepare(day)
    problems = _compare(
        reference.figures(day, prepared=True),
        _stored_days(day),
        dict.fromkeys(DAY_METRICS, 0),
        "day",
    )
    segments = {
        ((r.kind, r.area_id), r.segment): (r.adults, r.trained, r.four_t_completers)
        for r in CoverageSegmentDay.objects.filter(day=day)
    }
    expected = reference.segment_figures(day, prepared=True)
    problems += _compare(
        {k: v for k, v in expected.items() if _nonzero(v)},
        {k: v for k, v in segments.items() if _nonzero(v)},
        (0, 0, 0),
        "segment",
    )
    lessons = {
        ((r.kind, r.area_id), r.lesson_id): r.completions
        for r in CoverageLessonDay.objects.filter(day=day)
    }
    problems += _compare(reference.lesson_figures(day), lessons, 0, "lesson")
    return problems
