"""The incremental count: for what changed, take away the old contribution, add the new one.

The changed residents, households, mentors and classes are read from the raw tables (the new
rows) and from the snapshots (the old rows); their difference is added to the roll-up rows and
the snapshots take the new rows. Cost follows the number of changes, not the size of a hamlet.

A change with a date in the past (a tick made offline yesterday, a class logged late) also
re-counts the dated figures of the days since (``from_day``), at most :data:`BACKDATE_DAYS`
back, so the trend does not jump on the day the phone synced.
"""

# ruff: noqa: S608 (SQL assembled from this module's own identifiers; values are parameters)

from __future__ import annotations

import datetime

from ..models.changes import ChangeKind
from ..models.rollups import AreaKind
from .counting import DAY_TABLE, Sources, count_sources, days_prepare, rows_add
from .db import rows, run, temp_tables
from .snapshots import (
    CLASS_COLUMNS,
    CLASSES,
    HOUSEHOLD_COLUMNS,
    HOUSEHOLDS,
    MENTOR_COLUMNS,
    MENTORS,
    RESIDENT_COLUMNS,
    RESIDENTS,
    classes_from_raw,
    households_from_raw,
    mentors_from_raw,
    residents_from_raw,
)

#: Ticks are accepted up to 30 days late (mentors.services.ticks.TICK_MAX_AGE); some margin.
BACKDATE_DAYS = 45

#: A pair's dated columns that moved, as the first day they affect (NULL: none moved).
RESIDENT_MOVED_DAY = """
    LEAST(
        CASE WHEN o.trained_on IS DISTINCT FROM n.trained_on
             THEN LEAST(o.trained_on, n.trained_on) END,
        CASE WHEN o.four_t_on IS DISTINCT FROM n.four_t_on
             THEN LEAST(o.four_t_on, n.four_t_on) END,
        (SELECT min(x.done_on) FROM (
            (SELECT * FROM unnest(o.lesson_ids, o.lesson_days)
             EXCEPT SELECT * FROM unnest(n.lesson_ids, n.lesson_days))
            UNION ALL
            (SELECT * FROM unnest(n.lesson_ids, n.lesson_days)
             EXCEPT SELECT * FROM unnest(o.lesson_ids, o.lesson_days))
        ) x(lesson_id, done_on))
    )
"""
HOUSEHOLD_MOVED_DAY = """
    CASE WHEN o.digital_family_on IS DISTINCT FROM n.digital_family_on
         THEN LEAST(o.digital_family_on, n.digital_family_on) END
"""
CLASS_MOVED_DAY = """
    CASE WHEN o.held_on IS DISTINCT FROM n.held_on THEN LEAST(o.held_on, n.held_on) END
"""


KINDS = {
    "r": (ChangeKind.RESIDENT, RESIDENTS),
    "h": (ChangeKind.HOUSEHOLD, HOUSEHOLDS),
    "m": (ChangeKind.MENTOR, MENTORS),
    "c": (ChangeKind.CLASS, CLASSES),
}


def _prepare(claimed: dict[str, set]) -> None:
    """Every temporary table of the run, then the claimed ids: two round trips."""
    tables = {}
    for kind, (_, snapshot) in KINDS.items():
        tables[f"cov_ids_{kind}"] = "(id bigint PRIMARY KEY)"
        tables[f"cov_old_{kind}"] = f"(LIKE {snapshot})"
        tables[f"cov_new_{kind}"] = f"(LIKE {snapshot})"
        tables[f"cov_src_{kind}"] = f"(sign integer, from_day date, LIKE {snapshot})"
    temp_tables(tables)
    ids = {
        kind: sorted(i for i in claimed.get(change, set()) if i is not None)
        for kind, (change, _) in KINDS.items()
    }
    run(
        " ".join(
            f"INSERT INTO cov_ids_{kind} SELECT unnest(%({kind})s::bigint[]);" for kind in KINDS
        ),
        ids,
    )


def _pairs(kind: str, *, table: str, key: str, columns: str, new_sql: str, moved: str, params):
    """Old (snapshot) and new (raw) rows of the changed ids in ``cov_ids_<kind>``, their
    ``from_day``, the signed source ``cov_src_<kind>``; then the snapshot takes the new rows."""
    ids, old, new, src = (f"cov_{part}_{kind}" for part in ("ids", "old", "new", "src"))
    run(f"INSERT INTO {old} SELECT s.* FROM {table} s WHERE s.{key} IN (SELECT id FROM {ids})")
    run(f"INSERT INTO {new} ({columns}) {new_sql}", params)
    run(
        f"""
        INSERT INTO {src}
        WITH moved AS (
            SELECT coalesce(n.{key}, o.{key}) AS id,
                   GREATEST(%(oldest)s::date, LEAST(%(today)s::date, {moved})) AS from_day
            FROM {old} o FULL JOIN {new} n ON n.{key} = o.{key}
        )
        SELECT -1 AS sign, m.from_day, o.* FROM {old} o JOIN moved m ON m.id = o.{key}
        UNION ALL
        SELECT 1 AS sign, m.from_day, n.* FROM {new} n JOIN moved m ON m.id = n.{key}
        """,
        params,
    )
    run(
        f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM {ids});"
        f" INSERT INTO {table} SELECT * FROM {new};"
    )
    return f"SELECT * FROM {src}"


def deltas_apply(claimed: dict[str, set], params: dict) -> int:
    """Count the claimed residents, households, mentors and classes; return how many."""
    _prepare(claimed)
    # A household that moved moves its members; a member who moved changes both households.
    run(
        f"""
        INSERT INTO cov_ids_r
        SELECT r.id FROM households_resident r WHERE r.household_id IN (SELECT id FROM cov_ids_h)
        UNION SELECT s.resident_id FROM {RESIDENTS} s
        WHERE s.household_id IN (SELECT id FROM cov_ids_h)
        ON CONFLICT DO NOTHING
        """
    )
    run(
        f"""
        INSERT INTO cov_ids_h
        SELECT r.household_id FROM households_resident r
        WHERE r.id IN (SELECT id FROM cov_ids_r) AND r.household_id IS NOT NULL
        UNION SELECT s.household_id FROM {RESIDENTS} s
        WHERE s.resident_id IN (SELECT id FROM cov_ids_r) AND s.household_id IS NOT NULL
        ON CONFLICT DO NOTHING
        """
    )
    counted = rows(
        " UNION ALL ".join(f"SELECT '{kind}', count(*) FROM cov_ids_{kind}" for kind in KINDS)
    )
    counts = dict(counted)
    if not any(counts.values()):
        return 0
    params = {**params, "oldest": params["today"] - datetime.timedelta(days=BACKDATE_DAYS)}
    # Residents first: a household's Digital Family day is read from their new snapshot.
    residents = households = mentors = classes = None
    if counts["r"]:
        residents = _pairs(
            "r",
            table=RESIDENTS,
            key="resident_id",
            columns=RESIDENT_COLUMNS,
            new_sql=residents_from_raw(None, ids="cov_ids_r"),
            moved=RESIDENT_MOVED_DAY,
            params=params,
        )
    if counts["h"]:
        households = _pairs(
            "h",
            table=HOUSEHOLDS,
            key="household_id",
            columns=HOUSEHOLD_COLUMNS,
            new_sql=households_from_raw("h.id IN (SELECT id FROM cov_ids_h)"),
            moved=HOUSEHOLD_MOVED_DAY,
            params=params,
        )
    if counts["m"]:
        mentors = _pairs(
            "m",
            table=MENTORS,
            key="mentor_id",
            columns=MENTOR_COLUMNS,
            new_sql=mentors_from_raw("m.id IN (SELECT id FROM cov_ids_m)"),
            moved="NULL::date",
            params=params,
        )
    if counts["c"]:
        classes = _pairs(
            "c",
            table=CLASSES,
            key="class_id",
            columns=CLASS_COLUMNS,
            new_sql=classes_from_raw("c.id IN (SELECT id FROM cov_ids_c)"),
            moved=CLASS_MOVED_DAY,
            params=params,
        )
    sources = Sources(residents=residents, households=households, mentors=mentors, classes=classes)
    sources_sql = [s for s in (sources.residents, sources.households, sources.classes) if s]
    earliest = " UNION ALL ".join(f"SELECT min(from_day) AS d FROM ({s}) x" for s in sources_sql)
    # A handful of rows: aggregate by sorting (the planner, without statistics on the temporary
    # tables, would size hash tables for millions).
    run("SET LOCAL enable_hashagg = off")
    days_prepare(
        f"""
        SELECT %(today)s::date
        UNION
        SELECT p.day FROM {DAY_TABLE} p
        WHERE p.kind = {AreaKind.PROGRAMME.value} AND p.day < %(today)s
          AND p.day >= (SELECT min(d) FROM ({earliest or "SELECT %(today)s::date AS d"}) e)
        """,
        params,
        analyse=False,
    )
    count_sources(sources, params, analyse=False)
    rows_add(params)
    return sum(counts.values())
