"""The three runs: incremental (every minute), a ward's full recount (nightly, one task per
ward), everything at once (the command's ``--full``, a curriculum change).

Each run is one transaction: readers see its figures entirely or not at all, and a run that
dies (a killed worker) leaves nothing behind but the change log it had claimed, restored by the
rollback. Runs are idempotent: a second run finds no change and writes nothing; a full run
again writes the same figures.
"""

# ruff: noqa: S608 (SQL assembled from this module's own identifiers; values are parameters)

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from literacy.areas.models import Ward
from literacy.bulk_queries import tune_for_whole_province

from ..models import CoverageWardState
from ..models.changes import ChangeKind
from . import locks
from .claims import CURSOR, changes_claim, cursor_ensure
from .db import run
from .deltas import deltas_apply
from .history import history_fill
from .rebuild import programme_count_if_complete, snapshots_intact, wards_count, wards_rebuild


@dataclass
class RunResult:
    kind: str
    day: datetime.date | None = None
    #: False when another run held the lock (an incremental run then does nothing).
    ran: bool = True
    rebuilt_wards: list[int] = field(default_factory=list)
    recounted_wards: list[int] = field(default_factory=list)
    changed: int = 0


def _tune(*, whole_wards: bool) -> None:
    """Settings local to the run's transaction: no JIT (its compile time dwarfs a small run),
    and for a recount of whole wards room for its hash aggregates and parallel workers (the
    portal's connections have none)."""
    run("SET LOCAL jit = off")
    if whole_wards:
        tune_for_whole_province()


def _params(now: datetime.datetime, **extra) -> dict:
    return {
        "now": now,
        "today": timezone.localdate(now),
        "tz": settings.TIME_ZONE,
        **extra,
    }


def _finish(now: datetime.datetime) -> None:
    run(f"UPDATE {CURSOR} SET finished_at = %(now)s WHERE id = 1", {"now": now})


def _all_wards() -> list[int]:
    return list(Ward.objects.order_by("pk").values_list("pk", flat=True))


def _rebuild_everything(params: dict) -> None:
    wards_rebuild({**params, "wards": _all_wards()}, every_ward=True)
    programme_count_if_complete(params)


@transaction.atomic
def coverage_rollup_full(*, now: datetime.datetime) -> RunResult:
    """Recount every ward from the raw tables, in one transaction (waits for other runs)."""
    locks.rollup_exclusive()
    _tune(whole_wards=True)
    params = _params(now)
    cursor_ensure()
    # Everything is read from the raw tables after this claim, so what it claims is counted.
    changes_claim()
    _rebuild_everything(params)
    _finish(now)
    return RunResult("full", day=params["today"], rebuilt_wards=_all_wards())


@transaction.atomic
def coverage_rollup_ward(*, ward_id: int, now: datetime.datetime) -> RunResult:
    """Recount one ward from the raw tables (the nightly run's share of one worker).

    Wards run side by side; the change log is left to the incremental run (a change counted
    twice adds nothing: its difference from the rebuilt snapshot is zero).
    """
    locks.rollup_shared()
    locks.ward_exclusive(ward_id)
    _tune(whole_wards=True)
    params = _params(now, wards=[ward_id])
    wards_rebuild(params)
    locks.programme_exclusive()
    programme_count_if_complete(params)
    return RunResult("ward", day=params["today"], rebuilt_wards=[ward_id])


def _ward_days() -> dict[int, datetime.date]:
    return dict(CoverageWardState.objects.values_list("ward_id", "day"))


@transaction.atomic
def coverage_rollup_incremental(*, now: datetime.datetime) -> RunResult:
    """Count what changed since the last run; the first run of a day also counts the new day.

    Does nothing when another run holds the lock (single flight).
    """
    if not locks.rollup_try_exclusive():
        return RunResult("incremental", ran=False)
    _tune(whole_wards=False)
    params = _params(now)
    today = params["today"]
    cursor_ensure()
    claimed = changes_claim()
    wards = _all_wards()
    counted = _ward_days()
    if ChangeKind.ALL in claimed or not counted or not snapshots_intact():
        _rebuild_everything(params)
        _finish(now)
        return RunResult("incremental", day=today, rebuilt_wards=wards)
    known = set(wards)
    rebuild = sorted(
        ({w for w in wards if w not in counted} | claimed.get(ChangeKind.WARD, set())) & known
    )
    new_day = sorted(w for w in wards if w in counted and counted[w] < today and w not in rebuild)
    if rebuild:
        wards_rebuild({**params, "wards": rebuild})
    if new_day:
        wards_count({**params, "wards": new_day})
    if rebuild or new_day:
        programme_count_if_complete(params)
    changed = deltas_apply(claimed, params)
    _finish(now)
    return RunResult(
        "incremental", day=today, rebuilt_wards=rebuild, recounted_wards=new_day, changed=changed
    )


@transaction.atomic
def coverage_rollup_history(*, days: int, now: datetime.datetime) -> list[datetime.date]:
    """Reconstruct the ``days`` days before today that have no figures (see ``history``)."""
    locks.rollup_exclusive()
    _tune(whole_wards=True)
    return history_fill(days=days, params=_params(now), wards=_all_wards())
