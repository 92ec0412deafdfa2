"""The figures of a day counted straight from the raw tables, by hand-written SQL aggregates.

This is the yardstick the roll-up is held to: the tests compare every stored figure with it,
and the benchmark compares the full recount's time with these queries'. It is written apart
from the roll-up on purpose (timestamps instead of local days, age cut-offs from Python, plain
``GROUP BY``s over the raw tables), so that a mistake in one is not repeated in the other.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from households.models import ADULT_AGE, ELDERLY_AGE, years_ago
from mentors.models import MENTEE_QUOTA

from .models.rollups import DAY_METRICS, AreaKind, Segment

Area = tuple[int, int]  # (AreaKind, area id)


def _end_of(day: datetime.date) -> datetime.datetime:
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), zone)


def _start_of(day: datetime.date) -> datetime.datetime:
    return _end_of(day - datetime.timedelta(days=1))


PEOPLE = """
    WITH lessons AS (
        SELECT id, track FROM lessons_lesson WHERE is_active AND track IN ('core', '4t')
    ),
    done AS (
        SELECT c.resident_id,
               count(*) FILTER (WHERE l.track = 'core') AS core,
               count(*) FILTER (WHERE l.track = '4t') AS four_t
        FROM lessons_completion c JOIN lessons l ON l.id = c.lesson_id
        WHERE c.completed_at < %(end)s
        GROUP BY c.resident_id
    ),
    needed AS (
        SELECT count(*) FILTER (WHERE track = 'core') AS core,
               count(*) FILTER (WHERE track = '4t') AS four_t FROM lessons
    )
    SELECT r.id, r.ward_id, h.hamlet_id, r.household_id,
           coalesce(r.date_of_birth <= %(adult_born_by)s, false) AS adult,
           coalesce(r.date_of_birth <= %(elderly_born_by)s, false) AS elderly,
           (n.core > 0 AND coalesce(d.core, 0) = n.core) AS trained,
           (n.four_t > 0 AND coalesce(d.four_t, 0) = n.four_t) AS four_t,
           r.vneid_level = 2 AS vneid2, (r.has_bank_account OR r.has_ewallet) AS banked,
           a.mentee_id IS NOT NULL AS mentee,
           r.is_worker, r.is_small_trader, r.is_farmer, r.is_ethnic_minority
    FROM households_resident r
    CROSS JOIN needed n
    LEFT JOIN households_household h ON h.id = r.household_id
    LEFT JOIN done d ON d.resident_id = r.id
    -- A join, not ``IN (subquery)``: a million active assignments do not fit the hash of an
    -- IN subplan in the default work_mem, and the plain subplan rescans them for every person.
    -- A mentee has at most one active assignment (a constraint), so the join adds no rows.
    LEFT JOIN mentors_assignment a ON a.mentee_id = r.id AND a.ends_at IS NULL
"""

RESIDENT_FIGURES = """
    SELECT p.ward_id, p.hamlet_id,
           count(*), count(*) FILTER (WHERE adult), count(*) FILTER (WHERE adult AND trained),
           count(*) FILTER (WHERE adult AND vneid2), count(*) FILTER (WHERE adult AND banked),
           count(*) FILTER (WHERE adult AND vneid2 AND banked),
           count(*) FILTER (WHERE mentee), count(*) FILTER (WHERE adult AND NOT mentee),
           count(*) FILTER (WHERE is_small_trader OR is_farmer),
           count(*) FILTER (WHERE (is_small_trader OR is_farmer) AND four_t)
    FROM ref_people p GROUP BY 1, 2
"""
RESIDENT_METRICS = (
    "residents",
    "adults",
    "trained_adults",
    "adults_vneid2",
    "adults_banked",
    "adults_identity_done",
    "mentees",
    "adults_without_mentor",
    "four_t_candidates",
    "four_t_completers",
)

SEGMENT_FIGURES = """
    SELECT p.ward_id, p.hamlet_id, s.segment,
           count(*) FILTER (WHERE p.adult),
           count(*) FILTER (WHERE p.adult AND p.trained),
           count(*) FILTER (WHERE p.four_t AND s.segment IN ('small_trader', 'farmer'))
    FROM ref_people p
    JOIN LATERAL (VALUES ('elderly', p.elderly), ('worker', p.is_worker),
                         ('small_trader', p.is_small_trader), ('farmer', p.is_farmer),
                         ('ethnic_minority', p.is_ethnic_minority)) s(segment, member)
      ON s.member
    GROUP BY 1, 2, 3
"""

HOUSEHOLD_FIGURES = """
    SELECT h.ward_id, h.hamlet_id, count(*), count(t.household_id)
    FROM households_household h
    LEFT JOIN (SELECT DISTINCT household_id FROM ref_people WHERE trained) t
      ON t.household_id = h.id
    GROUP BY 1, 2
"""

MENTOR_FIGURES = """
    SELECT m.ward_id, m.home_hamlet_id,
           count(*) FILTER (WHERE m.is_active),
           count(*) FILTER (WHERE m.is_active AND (
               SELECT count(*) FROM mentors_assignment a
               WHERE a.mentor_id = m.id AND a.ends_at IS NULL) >= %(quota)s)
    FROM mentors_mentor m GROUP BY 1, 2
"""

CLASS_FIGURES = """
    SELECT c.ward_id, c.hamlet_id,
           count(*) FILTER (WHERE c.starts_at >= %(week_start)s AND c.starts_at < %(end)s),
           count(*) FILTER (WHERE c.starts_at >= %(month_start)s AND c.starts_at < %(end)s)
    FROM lessons_classsession c GROUP BY 1, 2
"""

LESSON_FIGURES = """
    SELECT r.ward_id, h.hamlet_id, c.lesson_id, count(*)
    FROM lessons_completion c
    JOIN lessons_lesson l ON l.id = c.lesson_id AND l.is_active
    JOIN households_resident r ON r.id = c.resident_id
    LEFT JOIN households_household h ON h.id = r.household_id
    WHERE c.completed_at < %(end)s
    GROUP BY 1, 2, 3
"""


def _params(day: datetime.date) -> dict:
    return {
        "end": _end_of(day),
        "week_start": _start_of(day - datetime.timedelta(days=6)),
        "month_start": _start_of(day - datetime.timedelta(days=29)),
        "adult_born_by": years_ago(ADULT_AGE, day),
        "elderly_born_by": years_ago(ELDERLY_AGE, day),
        "quota": MENTEE_QUOTA,
    }


def _areas(ward_id: int, hamlet_id: int | None) -> list[Area]:
    local = (AreaKind.HAMLET, hamlet_id) if hamlet_id else (AreaKind.UNPLACED, ward_id)
    return [local, (AreaKind.WARD, ward_id), (AreaKind.PROGRAMME, 0)]


def _query(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def people_prepare(day: datetime.date) -> None:
    """Each resident's standing on ``day``, once, in a temporary table the counts read."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS ref_people")
        cursor.execute(f"CREATE TEMP TABLE ref_people AS {PEOPLE}", _params(day))


def figures(day: datetime.date, *, prepared: bool = False) -> dict[Area, dict[str, int]]:
    """Every area's figures on ``day`` (areas with nothing to count are absent)."""
    params = _params(day)
    if not prepared:
        people_prepare(day)
    totals: dict[Area, dict[str, int]] = defaultdict(lambda: dict.fromkeys(DAY_METRICS, 0))
    for sql, metrics in (
        (RESIDENT_FIGURES, RESIDENT_METRICS),
        (HOUSEHOLD_FIGURES, ("households", "digital_families")),
        (MENTOR_FIGURES, ("active_mentors", "mentors_at_quota")),
        (CLASS_FIGURES, ("classes_7d", "classes_30d")),
    ):
        for ward_id, hamlet_id, *values in _query(sql, params):
            for area in _areas(ward_id, hamlet_id):
                for metric, value in zip(metrics, values, strict=True):
                    totals[area][metric] += value
    return dict(totals)


def segment_figures(
    day: datetime.date, *, prepared: bool = False
) -> dict[tuple[Area, str], tuple[int, int, int]]:
    """(area, segment) → (adults, trained, 4T completers); the sensitive segment only for the
    wards and the programme."""
    if not prepared:
        people_prepare(day)
    totals: dict = defaultdict(lambda: [0, 0, 0])
    for ward_id, hamlet_id, segment, *values in _query(SEGMENT_FIGURES, _params(day)):
        for area in _areas(ward_id, hamlet_id):
            if segment == Segment.ETHNIC_MINORITY and area[0] in (
                AreaKind.HAMLET,
                AreaKind.UNPLACED,
            ):
                continue
            for i, value in enumerate(values):
                totals[(area, segment)][i] += value
    return {key: tuple(value) for key, value in totals.items()}


def lesson_figures(day: datetime.date) -> dict[tuple[Area, int], int]:
    """(area, lesson id) → completions of active lessons by the end of ``day``."""
    totals: dict = defaultdict(int)
    for ward_id, hamlet_id, lesson_id, count in _query(LESSON_FIGURES, _params(day)):
        for area in _areas(ward_id, hamlet_id):
            totals[(area, lesson_id)] += count
    return dict(totals)
