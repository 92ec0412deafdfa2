"""Verify the audit log's hash chain: ``manage.py audit_verify`` and the nightly task.

The database appends each row to the chain (migration 0005): ``chain_seq`` 1, 2, 3… without
gaps, ``prev_hash`` = the previous row's ``row_hash``, ``row_hash`` = ``audit_chain_hash`` of
``prev_hash`` and the row's content. The walk recomputes every hash in the database, a batch of
positions at a time (each batch one set-based query that returns one row), so a log of millions
of rows never comes into Python. It names the first row where the chain breaks:

* ``gap``: positions are missing before the row (rows were deleted);
* ``link``: the row's ``prev_hash`` is not the previous row's hash (an earlier row was rewritten
  together with its hash, or rows were removed or inserted before it);
* ``content``: the row's content no longer gives its hash (it was changed after it was written);
* ``outside``: a row without a chain position (written with the chain trigger switched off).

What a chain cannot show on its own: rows cut from its end, or the whole chain rebuilt by
someone who may rewrite the table. The report's head (last position and hash) is logged every
night; an ``anchor`` kept elsewhere (``audit_verify --anchor POSITION:HASH``) catches both.
"""

# SQL is assembled from model metadata (the table name) only; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from .models import AuditEvent

AUDIT = AuditEvent._meta.db_table
GENESIS = bytes(32)
BATCH_SIZE = 50_000

# One batch: the next ``size`` positions after ``after`` (whose hash is ``after_hash``), each
# checked against the one before it; returns the batch's size, its last position and hash, and
# its first broken row, if any.
BATCH_SQL = f"""
WITH batch AS (
    SELECT id, chain_seq, prev_hash, row_hash,
           audit_chain_hash(prev_hash, id, chain_seq, at, actor_id, ward_id, action,
                            object_type, object_id, summary, before, after) AS computed
    FROM {AUDIT} WHERE chain_seq > %(after)s ORDER BY chain_seq LIMIT %(size)s
), linked AS (
    SELECT batch.*,
           COALESCE(lag(chain_seq) OVER w, %(after)s) AS previous_seq,
           COALESCE(lag(row_hash) OVER w, %(after_hash)s) AS previous_hash
    FROM batch WINDOW w AS (ORDER BY chain_seq)
), head AS (
    SELECT chain_seq, row_hash FROM batch ORDER BY chain_seq DESC LIMIT 1
)
SELECT (SELECT count(*) FROM batch), head.chain_seq, head.row_hash,
       broken.id, broken.chain_seq, broken.previous_seq, broken.problem
FROM (SELECT 1) AS one
LEFT JOIN head ON true
LEFT JOIN LATERAL (
    SELECT id, chain_seq, previous_seq,
           CASE WHEN chain_seq <> previous_seq + 1 THEN 'gap'
                WHEN prev_hash <> previous_hash THEN 'link'
                ELSE 'content' END AS problem
    FROM linked
    WHERE chain_seq <> previous_seq + 1 OR prev_hash <> previous_hash OR row_hash <> computed
    ORDER BY chain_seq LIMIT 1
) AS broken ON true
"""
OUTSIDE_SQL = (
    f"SELECT id, chain_seq FROM {AUDIT} WHERE chain_seq < 1 ORDER BY chain_seq, id LIMIT 1"
)
ANCHOR_SQL = f"SELECT id, row_hash FROM {AUDIT} WHERE chain_seq = %s"


@dataclass(frozen=True)
class ChainBreak:
    event_id: int | None  # None: the anchor's position no longer exists
    position: int
    problem: str  # gap | link | content | outside | anchor
    message: str


@dataclass(frozen=True)
class ChainReport:
    rows: int
    head_position: int
    head_hash: str  # hex; the genesis hash for an empty log
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    @property
    def message(self) -> str:
        if self.broken:
            return f"Audit chain BROKEN: {self.broken.message}"
        if not self.rows:
            return "Audit chain intact: the log is empty."
        return (
            f"Audit chain intact: {self.rows:,} rows, positions 1–{self.head_position:,}; "
            f"head hash {self.head_hash}."
        )


def _chain_break(event_id: int, position: int, previous: int, problem: str) -> ChainBreak:
    where = f"Row {event_id} at chain position {position}"
    missing = (
        f"position {previous + 1} is"
        if position - previous == 2
        else f"positions {previous + 1}–{position - 1} are"
    )
    messages = {
        "gap": f"{where}: {missing} missing before it (rows were deleted).",
        "link": f"{where}: its previous-row hash is not the hash of position {previous} (an "
        "earlier row was rewritten with a new hash, or rows were removed or inserted before "
        "it).",
        "content": f"{where}: its content no longer matches its hash (it was changed after it "
        "was written).",
    }
    return ChainBreak(event_id, position, problem, messages[problem])


def _check_anchor(cursor, *, position: int, expected: str, head: int) -> ChainBreak | None:
    cursor.execute(ANCHOR_SQL, [position])
    found = cursor.fetchone()
    if found is None:
        return ChainBreak(
            None,
            position,
            "anchor",
            f"Chain position {position} no longer exists (the chain ends at {head}): rows "
            "were removed from its end.",
        )
    event_id, actual = found[0], bytes(found[1]).hex()
    if actual != expected.lower():
        return ChainBreak(
            event_id,
            position,
            "anchor",
            f"Row {event_id} at chain position {position} has hash {actual}, not the recorded "
            f"{expected} (the chain was rebuilt up to there).",
        )
    return None


def audit_chain_verify(
    *, batch_size: int = BATCH_SIZE, anchor: tuple[int, str] | None = None
) -> ChainReport:
    """Walk the whole chain and report the first broken row (see the module); ``anchor``
    (position, hex hash) is a head recorded earlier, checked to be still there."""
    rows, after, after_hash = 0, 0, GENESIS
    broken = None
    with connection.cursor() as cursor:
        while broken is None:
            cursor.execute(
                BATCH_SQL, {"after": after, "after_hash": after_hash, "size": batch_size}
            )
            count, head, head_hash, event_id, position, previous, problem = cursor.fetchone()
            if problem:
                broken = _chain_break(event_id, position, previous, problem)
            elif count:
                rows, after, after_hash = rows + count, head, bytes(head_hash)
            if count < batch_size:
                break
        if broken is None:
            cursor.execute(OUTSIDE_SQL)
            outside = cursor.fetchone()
            if outside:
                broken = ChainBreak(
                    outside[0],
                    outside[1],
                    "outside",
                    f"Row {outside[0]} has no chain position ({outside[1]}): it was written "
                    "with the chain trigger switched off.",
                )
        if broken is None and anchor:
            broken = _check_anchor(cursor, position=anchor[0], expected=anchor[1], head=after)
    return ChainReport(rows=rows, head_position=after, head_hash=after_hash.hex(), broken=broken)
