"""Whole wards: rebuild their snapshots from the raw tables, or count today from the snapshots.

Rebuilding is the full recompute (nightly, a bulk write, the curriculum changing). Counting a
new day from the snapshots is what the first run of each day does: birthdays, the 7- and 30-day
class windows and completions dated today move the figures although no row changed.
"""

# ruff: noqa: S608 (SQL assembled from this module's own identifiers; values are parameters)

from __future__ import annotations

from ..models import CoverageWardState, SnapshotMark
from .counting import Sources, count_sources, days_prepare, programme_replace, rows_replace
from .db import rows, run
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

STATE = CoverageWardState._meta.db_table
MARK = SnapshotMark._meta.db_table
SNAPSHOTS = (
    (RESIDENTS, RESIDENT_COLUMNS, residents_from_raw, "r"),
    (HOUSEHOLDS, HOUSEHOLD_COLUMNS, households_from_raw, "h"),
    (MENTORS, MENTOR_COLUMNS, mentors_from_raw, "m"),
    (CLASSES, CLASS_COLUMNS, classes_from_raw, "c"),
)


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    """The table's secondary indexes, when this connection may drop and rebuild them: only the
    table's owner may, and the portal's app role owns nothing (README, "Production database
    roles"), so there the indexes stay and are kept up row by row."""
    return rows(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        JOIN pg_class c ON c.relname = i.indexname
        JOIN pg_index x ON x.indexrelid = c.oid AND NOT x.indisprimary
        JOIN pg_class t ON t.oid = x.indrelid
        WHERE i.tablename = %(table)s AND i.schemaname = current_schema()
          AND pg_has_role(current_user, t.relowner, 'USAGE')
        """,
        {"table": table},
    )


def snapshots_rebuild(params: dict, *, every_ward: bool) -> None:
    """Replace the snapshots of ``wards`` (or all of them) with the raw tables' rows.

    A row already held under another ward (someone moved wards, their change not yet counted)
    is left there: the change log still holds that change, and counting it moves them.
    Rebuilding every ward loads the tables without their secondary indexes and builds those
    after (one sort each instead of three million insertions), then marks the snapshots whole.
    """
    for table, columns, from_raw, alias in SNAPSHOTS:
        if every_ward:
            indexes = _secondary_indexes(table)
            run(f"TRUNCATE {table}")
            for name, _ in indexes:
                run(f"DROP INDEX {name}")
            run(f"INSERT INTO {table} ({columns}) {from_raw(None)}", params)
            for _, definition in indexes:
                run(definition)
        else:
            run(f"DELETE FROM {table} WHERE ward_id = ANY(%(wards)s)", params)
            run(
                f"INSERT INTO {table} ({columns}) {from_raw(f'{alias}.ward_id = ANY(%(wards)s)')}"
                " ON CONFLICT DO NOTHING",
                params,
            )
    if every_ward:
        for table, *_ in SNAPSHOTS:
            run(f"ANALYZE {table}")
        run(
            f"INSERT INTO {MARK} (id, built_at) VALUES (1, %(now)s)"
            " ON CONFLICT (id) DO UPDATE SET built_at = EXCLUDED.built_at",
            params,
        )


def snapshots_intact() -> bool:
    """False after a crash or failover emptied the (unlogged) snapshots."""
    return bool(rows(f"SELECT 1 FROM {MARK}"))


def from_snapshot(table: str) -> str:
    return (
        f"SELECT 1 AS sign, %(today)s::date AS from_day, s.* FROM {table} s"
        " WHERE s.ward_id = ANY(%(wards)s)"
    )


def day_count_from_snapshots(params: dict) -> None:
    """The rows of ``params["wards"]`` on ``params["today"]``, counted from the snapshots
    (replacing what that day had)."""
    days_prepare("SELECT %(today)s::date", params, analyse=True)
    count_sources(
        Sources(
            residents=from_snapshot(RESIDENTS),
            households=from_snapshot(HOUSEHOLDS),
            mentors=from_snapshot(MENTORS),
            classes=from_snapshot(CLASSES),
        ),
        params,
        analyse=True,
    )
    rows_replace(params)


def wards_count(params: dict) -> None:
    """Today's rows of ``wards`` from their snapshots, and the wards' state."""
    day_count_from_snapshots(params)
    run(
        f"""
        INSERT INTO {STATE} (ward_id, day, rebuilt_at)
        SELECT w, %(today)s, %(now)s FROM unnest(%(wards)s::bigint[]) AS w
        ON CONFLICT (ward_id) DO UPDATE SET day = EXCLUDED.day, rebuilt_at = EXCLUDED.rebuilt_at
        """,
        params,
    )


def wards_rebuild(params: dict, *, every_ward: bool = False) -> None:
    snapshots_rebuild(params, every_ward=every_ward)
    wards_count(params)


def programme_count_if_complete(params: dict) -> bool:
    """Sum the programme's figures when every ward has today's rows (else leave them: the run
    that completes the day sums them)."""
    missing = run(
        f"""
        SELECT 1 FROM areas_ward w
        WHERE NOT EXISTS (SELECT 1 FROM {STATE} s WHERE s.ward_id = w.id AND s.day = %(today)s)
        LIMIT 1
        """,
        params,
    )
    if missing:
        return False
    programme_replace(params)
    return True
