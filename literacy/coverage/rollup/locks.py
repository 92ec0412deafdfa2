"""Advisory locks: one incremental run at a time, and no run writes a ward another is writing.

* An incremental run or a full run of every ward takes the roll-up lock exclusively (an
  incremental run that finds it taken simply does nothing: the next one will).
* The nightly full run is split by ward: each ward's task takes the roll-up lock *shared* (ward
  tasks run side by side, never beside an incremental run) and its ward's lock exclusively; the
  programme's total is summed under its own short lock.

All are transaction-scoped: a worker that dies mid-run loses its connection, PostgreSQL rolls
the transaction back and releases the locks.
"""

from __future__ import annotations

from .db import scalar

ROLLUP = 0x434F56  # "COV"
WARDS = 0x434F57
GLOBAL_KEY = 0
PROGRAMME_KEY = 1


def rollup_try_exclusive() -> bool:
    return bool(scalar("SELECT pg_try_advisory_xact_lock(%s, %s)", [ROLLUP, GLOBAL_KEY]))


def rollup_exclusive() -> None:
    scalar("SELECT pg_advisory_xact_lock(%s, %s)", [ROLLUP, GLOBAL_KEY])


def rollup_shared() -> None:
    scalar("SELECT pg_advisory_xact_lock_shared(%s, %s)", [ROLLUP, GLOBAL_KEY])


def ward_exclusive(ward_id: int) -> None:
    scalar("SELECT pg_advisory_xact_lock(%s, %s)", [WARDS, ward_id])


def programme_exclusive() -> None:
    scalar("SELECT pg_advisory_xact_lock(%s, %s)", [ROLLUP, PROGRAMME_KEY])
