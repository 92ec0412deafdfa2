"""Claim the change log: every row the run can see (committed, or its own).

See ``models/changes.py`` for why the horizon (the oldest running transaction) makes this
gapless. The claim deletes what it reads, in the run's transaction: if the run fails, the rows
come back with the rollback and the next run claims them again.
"""

# ruff: noqa: S608 (SQL assembled from this module's own identifiers; values are parameters)

from __future__ import annotations

from collections import defaultdict

from ..models import CoverageChange, CoverageCursor
from .db import rows, run

LOG = CoverageChange._meta.db_table
CURSOR = CoverageCursor._meta.db_table


def cursor_ensure() -> None:
    run(f"INSERT INTO {CURSOR} (id, horizon_xid) VALUES (1, 0) ON CONFLICT (id) DO NOTHING")


def changes_claim() -> dict[str, set[int | None]]:
    """Delete and return the claimable changes, by kind; move the horizon forward."""
    claimed = rows(
        f"""
        WITH horizon AS (
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS oldest
        ),
        claimed AS (
            DELETE FROM {LOG} c USING {CURSOR} k
            WHERE k.id = 1 AND c.xid >= k.horizon_xid
            RETURNING c.kind, c.object_id
        ),
        moved AS (
            UPDATE {CURSOR} k SET horizon_xid = GREATEST(k.horizon_xid, h.oldest)
            FROM horizon h WHERE k.id = 1
        )
        SELECT DISTINCT kind, object_id FROM claimed
        """
    )
    by_kind: dict[str, set[int | None]] = defaultdict(set)
    for kind, object_id in claimed:
        by_kind[kind].add(object_id)
    return by_kind


def changes_pending() -> int:
    """How many changes wait to be counted (for the dashboards' freshness and the tests)."""
    return rows(f"SELECT count(*) FROM {LOG}")[0][0]
