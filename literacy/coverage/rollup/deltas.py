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
        lm.done_on
    )
"""
#: Per resident, the first day of a completion found on one side only (added, removed or
#: moved to another day): every changed resident's lessons compared in one sort, not a pair
#: of set operations per resident. A resident does a lesson once, so a (lesson, day) seen on
#: both sides sums to zero.
RESIDENT_MOVED_JOIN = """
    LEFT JOIN (
        SELECT d.resident_id, min(d.done_on) AS done_on
        FROM (
            SELECT x.resident_id, x.done_on
            FROM (
                SELECT o.resident_id, u.lesson_id, u.done_on, -1 AS side
                FROM cov_old_r o
                CROSS JOIN LATERAL unnest(o.lesson_ids, o.lesson_days) AS u(lesson_id, done_on)
                UNION ALL
                SELECT n.resident_id, u.lesson_id, u.done_on, 1 AS side
                FROM cov_new_r n
                CROSS JOIN LATERAL unnest(n.lesson_ids, n.lesson_days) AS u(lesson_id, done_on)
            ) x
            GROUP BY x.resident_id, x.lesson_id, x.done_on
            HAVING sum(x.side) <> 0
        ) d
        GROUP BY d.resident_id
    ) lm ON lm.resident_id = coalesce(n.resident_id, o.resident_id)
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


def _temporary_tables() -> None:
    """Every temporary table of the run, in one round trip."""
    tables = {}
    for kind, (_, snapshot) in KINDS.items():
        tables[f"cov_old_{kind}"] = f"(LIKE {snapshot})"
        tables[f"cov_new_{kind}"] = f"(LIKE {snapshot})"
        tables[f"cov_src_{kind}"] = f"(sign integer, from_day date, LIKE {snapshot})"
    temp_tables(tables)


def _ids(sql: str, ids: list[int]) -> set[int]:
    return {row[0] for row in rows(sql, {"ids": ids})} if ids else set()


def _members(household_ids: set[int]) -> set[int]:
    """A household that moved (or went) moves its members: they are counted again."""
    return _ids(
        f"""
        SELECT r.id FROM households_resident r WHERE r.household_id = ANY(%(ids)s)
        UNION SELECT s.resident_id FROM {RESIDENTS} s WHERE s.household_id = ANY(%(ids)s)
        """,
        sorted(household_ids),
    )


def _households_touched() -> set[int]:
    """Households whose Digital Family day may have moved: those a counted resident left or
    joined, or whose member's training day changed (a tick that trains nobody changes none)."""
    return {
        row[0]
        for row in rows(
            """
            SELECT DISTINCT v.household_id
            FROM cov_old_r o FULL JOIN cov_new_r n ON n.resident_id = o.resident_id
            CROSS JOIN LATERAL (VALUES (o.household_id), (n.household_id)) v(household_id)
            WHERE v.household_id IS NOT NULL
              AND (o.household_id IS DISTINCT FROM n.household_id
                   OR o.trained_on IS DISTINCT FROM n.trained_on)
            """
        )
    }


def _pairs(
    kind: str,
    *,
    table: str,
    key: str,
    columns: str,
    new_sql: str,
    moved: str,
    params,
    moved_join: str = "",
):
    """Old (snapshot) and new (raw) rows of the changed ids (``%(ids)s``), their ``from_day``,
    the signed source ``cov_src_<kind>``; then the snapshot takes the new rows. The ids are an
    array parameter, so the planner knows how few they are and looks them up by index.

    The snapshot's rows are updated in place (``ON CONFLICT DO UPDATE``; rows gone from the raw
    tables are deleted), reading each row's index entry once instead of deleting and inserting
    it. The snapshot tables keep no free room on their pages for heap-only updates: with a
    fillfactor of 85 the incremental run was ~20 ms faster, but the full run writes and reads
    18 % more pages and took 2.03× the hand-written aggregates (1.82× without; see
    docs/benchmarks.md)."""
    old, new, src = (f"cov_{part}_{kind}" for part in ("old", "new", "src"))
    updated = ", ".join(
        f"{column} = EXCLUDED.{column}"
        for column in (name.strip() for name in columns.split(","))
        if column != key
    )
    run(
        f"""
        INSERT INTO {old} SELECT s.* FROM {table} s WHERE s.{key} = ANY(%(ids)s);
        INSERT INTO {new} ({columns}) {new_sql};
        INSERT INTO {src}
        WITH moved AS (
            SELECT coalesce(n.{key}, o.{key}) AS id,
                   GREATEST(%(oldest)s::date, LEAST(%(today)s::date, {moved})) AS from_day
            FROM {old} o FULL JOIN {new} n ON n.{key} = o.{key}
            {moved_join}
        )
        SELECT -1 AS sign, m.from_day, o.* FROM {old} o JOIN moved m ON m.id = o.{key}
        UNION ALL
        SELECT 1 AS sign, m.from_day, n.* FROM {new} n JOIN moved m ON m.id = n.{key};
        DELETE FROM {table} s USING {old} o
        WHERE s.{key} = o.{key} AND NOT EXISTS (SELECT FROM {new} n WHERE n.{key} = o.{key});
        INSERT INTO {table} ({columns}) SELECT {columns} FROM {new}
        ON CONFLICT ({key}) DO UPDATE SET {updated};
        """,
        params,
    )
    return f"SELECT * FROM {src}"


PAIRS = {
    "r": {
        "table": RESIDENTS,
        "key": "resident_id",
        "columns": RESIDENT_COLUMNS,
        "new_sql": residents_from_raw(None, ids="%(ids)s"),
        "moved": RESIDENT_MOVED_DAY,
        "moved_join": RESIDENT_MOVED_JOIN,
    },
    "h": {
        "table": HOUSEHOLDS,
        "key": "household_id",
        "columns": HOUSEHOLD_COLUMNS,
        "new_sql": households_from_raw("h.id = ANY(%(ids)s)"),
        "moved": HOUSEHOLD_MOVED_DAY,
    },
    "m": {
        "table": MENTORS,
        "key": "mentor_id",
        "columns": MENTOR_COLUMNS,
        "new_sql": mentors_from_raw("m.id = ANY(%(ids)s)"),
        "moved": "NULL::date",
    },
    "c": {
        "table": CLASSES,
        "key": "class_id",
        "columns": CLASS_COLUMNS,
        "new_sql": classes_from_raw("c.id = ANY(%(ids)s)"),
        "moved": CLASS_MOVED_DAY,
    },
}


def deltas_apply(claimed: dict[str, set], params: dict) -> int:
    """Count the claimed residents, households, mentors and classes; return how many."""
    ids = {
        kind: {i for i in claimed.get(change, set()) if i is not None}
        for kind, (change, _) in KINDS.items()
    }
    if not any(ids.values()):
        return 0
    ids["r"] |= _members(ids["h"])
    _temporary_tables()
    params = {**params, "oldest": params["today"] - datetime.timedelta(days=BACKDATE_DAYS)}
    # Residents first: a household's Digital Family day is read from their new snapshot.
    source = {}
    for kind in ("r", "h", "m", "c"):
        if kind == "h" and ids["r"]:
            ids["h"] |= _households_touched()
        if ids[kind]:
            source[kind] = _pairs(kind, **PAIRS[kind], params={**params, "ids": sorted(ids[kind])})
    counts = {kind: len(values) for kind, values in ids.items()}
    sources = Sources(
        residents=source.get("r"),
        households=source.get("h"),
        mentors=source.get("m"),
        classes=source.get("c"),
    )
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
    count_sources(sources, params, analyse=False, cancelling=True)
    rows_add(params)
    return sum(counts.values())
