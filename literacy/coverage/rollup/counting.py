"""Count contributions into the roll-up rows, set-based, in two modes.

A *source* is a ``SELECT`` of snapshot-shaped rows with two more columns: ``sign`` (+1 to add a
row's contribution, -1 to take it away) and ``from_day`` (the first day it applies to: today, or
an earlier day for a change dated in the past). :func:`count_sources` sums them per hamlet (or
unplaced), ward and programme and per day into the temporary tables ``cov_area`` (and
``cov_area_lesson``); then

* :func:`rows_replace` writes them as a ward's whole figures for today (full runs, a new day),
* :func:`rows_add` adds them to the stored rows (incremental runs): today's figures all, past
  days only the figures that follow dated events (``DATED_*``).

Parameters: ``today``, ``now``, ``tz``, and ``wards`` for :func:`rows_replace`.
"""

# ruff: noqa: S608 (SQL assembled from this module's own identifiers; values are parameters)

from __future__ import annotations

from dataclasses import dataclass

from mentors.models import MENTEE_QUOTA

from ..models import CoverageDay, CoverageLessonDay, CoverageSegmentDay, Segment
from ..models.rollups import (
    DATED_DAY_METRICS,
    DATED_SEGMENT_METRICS,
    DAY_METRICS,
    SEGMENT_METRICS,
    AreaKind,
)
from .db import run, run_all, temp_tables

DAY_TABLE = CoverageDay._meta.db_table
SEGMENT_TABLE = CoverageSegmentDay._meta.db_table
LESSON_TABLE = CoverageLessonDay._meta.db_table

#: Which residents each segment holds (columns of the counted rows, see ``_resident_rows``).
SEGMENT_TEST = {
    Segment.ELDERLY: "x.elderly",
    Segment.WORKER: "x.is_worker",
    Segment.SMALL_TRADER: "x.is_small_trader",
    Segment.FARMER: "x.is_farmer",
    Segment.ETHNIC_MINORITY: "x.is_ethnic_minority",
}
#: Segments whose members can take the 4T track (small traders and farmers, docs/programme.md).
FOUR_T_SEGMENTS = (Segment.SMALL_TRADER, Segment.FARMER)
#: Never stored below the ward (sensitive; shown only in aggregate).
WARD_ONLY_SEGMENTS = (Segment.ETHNIC_MINORITY,)


def _segment_columns() -> list[str]:
    return [f"{seg}_{metric}" for seg in Segment.values for metric in SEGMENT_METRICS]


AGG_METRICS = [*DAY_METRICS, *_segment_columns()]


@dataclass(frozen=True)
class Sources:
    """The four sources of one count (SQL ``SELECT``s; ``None``: nothing of that kind)."""

    residents: str | None = None
    households: str | None = None
    mentors: str | None = None
    classes: str | None = None


def days_prepare(days_sql: str, params: dict, *, analyse: bool) -> None:
    """The days to count (``days_sql`` selects one ``day`` column), with their age cut-offs."""
    temp_tables({"cov_days": "(day date PRIMARY KEY, cut16 date, cut60 date)"})
    run(
        f"""
        INSERT INTO cov_days (day, cut16, cut60)
        SELECT d.day, (d.day - interval '16 years')::date, (d.day - interval '60 years')::date
        FROM ({days_sql}) d(day) GROUP BY d.day
        """,
        params,
    )
    if analyse:
        run("ANALYZE cov_days")


def _sum(condition: str) -> str:
    return f"coalesce(sum(x.sign) FILTER (WHERE {condition}), 0)"


def _resident_rows(source: str) -> str:
    segment_sums = []
    for seg in Segment.values:
        test = SEGMENT_TEST[seg]
        segment_sums += [
            _sum(f"x.adult AND {test}"),
            _sum(f"x.adult AND {test} AND x.trained"),
            _sum(f"{test} AND x.four_t") if seg in FOUR_T_SEGMENTS else "0",
        ]
    columns = [
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
        *_segment_columns(),
    ]
    sums = [
        "sum(x.sign)",
        _sum("x.adult"),
        _sum("x.adult AND x.trained"),
        _sum("x.adult AND x.has_vneid2"),
        _sum("x.adult AND x.is_banked"),
        _sum("x.adult AND x.has_vneid2 AND x.is_banked"),
        _sum("x.is_mentee"),
        _sum("x.adult AND NOT x.is_mentee"),
        _sum("x.four_t_pop"),
        _sum("x.four_t_pop AND x.four_t"),
        *segment_sums,
    ]
    return f"""
        INSERT INTO cov_agg (ward_id, hamlet_id, day, {", ".join(columns)})
        SELECT x.ward_id, x.hamlet_id, x.day, {", ".join(sums)}
        FROM (
            SELECT s.*, d.day,
                   coalesce(s.date_of_birth <= d.cut16, false) AS adult,
                   coalesce(s.date_of_birth <= d.cut60, false) AS elderly,
                   coalesce(s.trained_on <= d.day, false) AS trained,
                   coalesce(s.four_t_on <= d.day, false) AS four_t,
                   (s.is_small_trader OR s.is_farmer) AS four_t_pop
            FROM ({source}) s JOIN cov_days d ON d.day >= s.from_day
        ) x
        GROUP BY x.ward_id, x.hamlet_id, x.day
    """


def _lesson_rows(source: str, *, cancelling: bool) -> str:
    """Completions per lesson. ``cancelling`` (a source of old and new rows of the same
    residents): a completion on both sides, in the same place, is dropped before the days are
    joined, so a tick costs the one lesson it added, not every lesson its resident had done."""
    completions = f"""
        SELECT s.ward_id, s.hamlet_id, s.from_day, u.lesson_id, u.done_on, s.sign AS completions
        FROM ({source}) s
        CROSS JOIN LATERAL unnest(s.lesson_ids, s.lesson_days) AS u(lesson_id, done_on)
    """
    if cancelling:
        completions = f"""
            SELECT c.ward_id, c.hamlet_id, c.from_day, c.lesson_id, c.done_on,
                   sum(c.completions) AS completions
            FROM ({completions}) c
            GROUP BY 1, 2, 3, 4, 5
            HAVING sum(c.completions) <> 0
        """
    return f"""
        INSERT INTO cov_agg_lesson (ward_id, hamlet_id, day, lesson_id, completions)
        SELECT p.ward_id, p.hamlet_id, d.day, p.lesson_id, sum(p.completions)
        FROM ({completions}) p
        JOIN cov_days d ON d.day >= p.from_day AND p.done_on <= d.day
        GROUP BY 1, 2, 3, 4
    """


def _household_rows(source: str) -> str:
    return f"""
        INSERT INTO cov_agg (ward_id, hamlet_id, day, households, digital_families)
        SELECT x.ward_id, x.hamlet_id, d.day, sum(x.sign),
               coalesce(sum(x.sign) FILTER (WHERE x.digital_family_on <= d.day), 0)
        FROM ({source}) x JOIN cov_days d ON d.day >= x.from_day
        GROUP BY 1, 2, 3
    """


def _mentor_rows(source: str) -> str:
    return f"""
        INSERT INTO cov_agg (ward_id, hamlet_id, day, active_mentors, mentors_at_quota)
        SELECT x.ward_id, x.hamlet_id, d.day, {_sum("x.is_active")},
               {_sum(f"x.is_active AND x.active_mentees >= {int(MENTEE_QUOTA)}")}
        FROM ({source}) x JOIN cov_days d ON d.day >= x.from_day
        GROUP BY 1, 2, 3
    """


def _class_rows(source: str) -> str:
    return f"""
        INSERT INTO cov_agg (ward_id, hamlet_id, day, classes_7d, classes_30d)
        SELECT x.ward_id, x.hamlet_id, d.day,
               {_sum("x.held_on BETWEEN d.day - 6 AND d.day")},
               {_sum("x.held_on BETWEEN d.day - 29 AND d.day")}
        FROM ({source}) x JOIN cov_days d ON d.day >= x.from_day
        GROUP BY 1, 2, 3
    """


_UNPLACED, _HAMLET = AreaKind.UNPLACED.value, AreaKind.HAMLET.value
_WARD, _PROGRAMME = AreaKind.WARD.value, AreaKind.PROGRAMME.value
#: The area of a grouping-sets row: (ward, hamlet) is a hamlet or a ward's unplaced residents,
#: (ward) the ward, () the programme.
_AREA = f"""
    CASE WHEN GROUPING(a.hamlet_id) = 0
         THEN (CASE WHEN a.hamlet_id IS NULL THEN {_UNPLACED} ELSE {_HAMLET} END)
         WHEN GROUPING(a.ward_id) = 0 THEN {_WARD} ELSE {_PROGRAMME} END AS kind,
    CASE WHEN GROUPING(a.hamlet_id) = 0 THEN coalesce(a.hamlet_id, a.ward_id)
         WHEN GROUPING(a.ward_id) = 0 THEN a.ward_id ELSE 0 END AS area_id,
    CASE WHEN GROUPING(a.ward_id) = 0 THEN a.ward_id END AS ward_id,
    CASE WHEN GROUPING(a.hamlet_id) = 0 THEN a.hamlet_id END AS hamlet_id,
    a.day
"""


AREA_DEFINITION = "kind integer, area_id bigint, ward_id bigint, hamlet_id bigint, day date"


def count_sources(
    sources: Sources, params: dict, *, analyse: bool, cancelling: bool = False
) -> None:
    """Sum the sources into ``cov_area`` and ``cov_area_lesson`` (per area and day).

    ``analyse``: give the temporary tables statistics (a whole ward's count; an incremental
    run's few rows are aggregated by sorting instead, see ``deltas``). ``cancelling``: the
    sources hold old and new rows of the same things (``deltas``), see :func:`_lesson_rows`.
    """
    metrics = ", ".join(f"{m} integer NOT NULL DEFAULT 0" for m in AGG_METRICS)
    temp_tables(
        {
            "cov_agg": f"(ward_id bigint, hamlet_id bigint, day date, {metrics})",
            "cov_area": f"({AREA_DEFINITION}, {metrics})",
            "cov_area_lesson": f"({AREA_DEFINITION}, lesson_id bigint, completions integer)",
            "cov_agg_lesson": (
                "(ward_id bigint, hamlet_id bigint, day date, lesson_id bigint,"
                " completions integer)"
            ),
        }
    )
    counting = []
    if sources.residents:
        counting += [
            _resident_rows(sources.residents),
            _lesson_rows(sources.residents, cancelling=cancelling),
        ]
    if sources.households:
        counting.append(_household_rows(sources.households))
    if sources.mentors:
        counting.append(_mentor_rows(sources.mentors))
    if sources.classes:
        counting.append(_class_rows(sources.classes))
    if analyse:
        # Temporary tables have no statistics until analysed: without them the planner sizes
        # its hash tables for a million rows.
        counting += ["ANALYZE cov_agg", "ANALYZE cov_agg_lesson"]
    sums = ", ".join(f"sum(a.{m})::integer" for m in AGG_METRICS)
    grouping = "GROUPING SETS ((a.day, a.ward_id, a.hamlet_id), (a.day, a.ward_id), (a.day))"
    counting += [
        f"INSERT INTO cov_area SELECT {_AREA}, {sums} FROM cov_agg a GROUP BY {grouping}",
        f"""
        INSERT INTO cov_area_lesson
        SELECT {_AREA}, a.lesson_id, sum(a.completions)::integer
        FROM cov_agg_lesson a
        GROUP BY GROUPING SETS ((a.day, a.lesson_id, a.ward_id, a.hamlet_id),
                                (a.day, a.lesson_id, a.ward_id), (a.day, a.lesson_id))
        """,
    ]
    run_all(counting, params)


def _segment_unpivot(where: str) -> str:
    """``cov_area``'s segment columns as one row per segment (never the sensitive one below
    the ward)."""
    values = ", ".join(
        f"('{seg}', {', '.join(f'a.{seg}_{m}' for m in SEGMENT_METRICS)})" for seg in Segment.values
    )
    below_ward = f"({AreaKind.HAMLET.value}, {AreaKind.UNPLACED.value})"
    ward_only = ", ".join(f"'{seg}'" for seg in WARD_ONLY_SEGMENTS)
    return f"""
        SELECT a.day, a.kind, a.area_id, a.ward_id, a.hamlet_id, v.segment,
               {", ".join(f"v.{m}" for m in SEGMENT_METRICS)}
        FROM cov_area a
        CROSS JOIN LATERAL (VALUES {values}) AS v(segment, {", ".join(SEGMENT_METRICS)})
        WHERE ({where}) AND NOT (v.segment IN ({ward_only}) AND a.kind IN {below_ward})
    """


AREA_COLUMNS = "day, kind, area_id, ward_id, hamlet_id"
DAY_COLUMNS = ", ".join(DAY_METRICS)
SEG_COLUMNS = ", ".join(SEGMENT_METRICS)


def rows_replace(params: dict) -> None:
    """Write ``cov_area`` as the whole of today's figures of the wards ``wards`` (their
    hamlets and unplaced residents), with zero rows for those that counted nothing."""
    below = f"day = %(today)s AND kind <> {AreaKind.PROGRAMME.value} AND ward_id = ANY(%(wards)s)"
    not_programme = f"a.kind <> {AreaKind.PROGRAMME.value} AND a.day = %(today)s"
    zeros = ", ".join("0" for _ in DAY_METRICS)
    for table in (DAY_TABLE, SEGMENT_TABLE, LESSON_TABLE):
        run(f"DELETE FROM {table} WHERE {below}", params)
    run(
        f"""
        INSERT INTO {DAY_TABLE} ({AREA_COLUMNS}, {DAY_COLUMNS}, computed_at)
        SELECT {", ".join(f"a.{c}" for c in AREA_COLUMNS.split(", "))},
               {", ".join(f"a.{m}" for m in DAY_METRICS)}, %(now)s
        FROM cov_area a WHERE {not_programme}
        """,
        params,
    )
    run(
        f"""
        INSERT INTO {DAY_TABLE} ({AREA_COLUMNS}, {DAY_COLUMNS}, computed_at)
        SELECT %(today)s, {AreaKind.WARD.value}, w.id, w.id, NULL, {zeros}, %(now)s
        FROM areas_ward w WHERE w.id = ANY(%(wards)s)
        UNION ALL
        SELECT %(today)s, {AreaKind.HAMLET.value}, h.id, h.ward_id, h.id, {zeros}, %(now)s
        FROM areas_hamlet h WHERE h.ward_id = ANY(%(wards)s)
        ON CONFLICT (kind, area_id, day) DO NOTHING
        """,
        params,
    )
    run(
        f"INSERT INTO {SEGMENT_TABLE} ({AREA_COLUMNS}, segment, {SEG_COLUMNS}) "
        + _segment_unpivot(not_programme),
        params,
    )
    run(
        f"""
        INSERT INTO {LESSON_TABLE} ({AREA_COLUMNS}, lesson_id, completions)
        SELECT a.day, a.kind, a.area_id, a.ward_id, a.hamlet_id, a.lesson_id, a.completions
        FROM cov_area_lesson a WHERE {not_programme} AND a.completions <> 0
        """,
        params,
    )


def programme_replace(params: dict) -> None:
    """Today's programme figures: the sum of the wards' rows."""
    programme = AreaKind.PROGRAMME.value
    ward = AreaKind.WARD.value
    for table in (DAY_TABLE, SEGMENT_TABLE, LESSON_TABLE):
        run(f"DELETE FROM {table} WHERE day = %(today)s AND kind = {programme}", params)
    sums = ", ".join(f"coalesce(sum({m}), 0)" for m in DAY_METRICS)
    run(
        f"""
        INSERT INTO {DAY_TABLE} ({AREA_COLUMNS}, {DAY_COLUMNS}, computed_at)
        SELECT %(today)s, {programme}, 0, NULL, NULL, {sums}, %(now)s
        FROM {DAY_TABLE} WHERE day = %(today)s AND kind = {ward}
        """,
        params,
    )
    seg_sums = ", ".join(f"sum({m})" for m in SEGMENT_METRICS)
    run(
        f"""
        INSERT INTO {SEGMENT_TABLE} ({AREA_COLUMNS}, segment, {SEG_COLUMNS})
        SELECT %(today)s, {programme}, 0, NULL, NULL, segment, {seg_sums}
        FROM {SEGMENT_TABLE} WHERE day = %(today)s AND kind = {ward} GROUP BY segment
        """,
        params,
    )
    run(
        f"""
        INSERT INTO {LESSON_TABLE} ({AREA_COLUMNS}, lesson_id, completions)
        SELECT %(today)s, {programme}, 0, NULL, NULL, lesson_id, sum(completions)
        FROM {LESSON_TABLE} WHERE day = %(today)s AND kind = {ward} GROUP BY lesson_id
        """,
        params,
    )


def _added(metrics: tuple[str, ...]) -> str:
    return ", ".join(f"{m} = t.{m} + EXCLUDED.{m}" for m in metrics)


def rows_add(params: dict) -> None:
    """Add ``cov_area`` to the stored rows: today's in full, past days' dated figures only."""
    today_rows = "a.day = %(today)s AND ({})".format(
        " OR ".join(f"a.{m} <> 0" for m in DAY_METRICS)
    )
    statements = []
    statements.append(
        f"""
        INSERT INTO {DAY_TABLE} AS t ({AREA_COLUMNS}, {DAY_COLUMNS}, computed_at)
        SELECT {", ".join(f"a.{c}" for c in AREA_COLUMNS.split(", "))},
               {", ".join(f"a.{m}" for m in DAY_METRICS)}, %(now)s
        FROM cov_area a WHERE {today_rows}
        ON CONFLICT (kind, area_id, day) DO UPDATE
        SET {_added(DAY_METRICS)}, computed_at = EXCLUDED.computed_at
        """
    )
    dated = ", ".join(f"{m} = t.{m} + a.{m}" for m in DATED_DAY_METRICS)
    statements.append(
        f"""
        UPDATE {DAY_TABLE} t SET {dated}
        FROM cov_area a
        WHERE a.day < %(today)s AND t.kind = a.kind AND t.area_id = a.area_id AND t.day = a.day
        """
    )
    seg_nonzero = " OR ".join(f"v.{m} <> 0" for m in SEGMENT_METRICS)
    statements.append(
        f"""
        INSERT INTO {SEGMENT_TABLE} AS t ({AREA_COLUMNS}, segment, {SEG_COLUMNS})
        SELECT * FROM ({_segment_unpivot("a.day = %(today)s")}) v WHERE {seg_nonzero}
        ON CONFLICT (kind, area_id, day, segment) DO UPDATE
        SET {_added(SEGMENT_METRICS)}
        """
    )
    seg_dated = ", ".join(f"{m} = t.{m} + v.{m}" for m in DATED_SEGMENT_METRICS)
    statements.append(
        f"""
        UPDATE {SEGMENT_TABLE} t SET {seg_dated}
        FROM ({_segment_unpivot("a.day < %(today)s")}) v
        WHERE t.kind = v.kind AND t.area_id = v.area_id AND t.day = v.day
          AND t.segment = v.segment
        """
    )
    statements.append(
        f"""
        INSERT INTO {LESSON_TABLE} AS t ({AREA_COLUMNS}, lesson_id, completions)
        SELECT a.day, a.kind, a.area_id, a.ward_id, a.hamlet_id, a.lesson_id, a.completions
        FROM cov_area_lesson a WHERE a.completions <> 0
        ON CONFLICT (kind, area_id, day, lesson_id) DO UPDATE
        SET completions = t.completions + EXCLUDED.completions
        """
    )
    run_all(statements, params)
