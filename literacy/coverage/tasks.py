"""Celery tasks of the roll-ups: incremental every minute, the nightly full run one task per ward.

Each task takes ids, calls a run and is idempotent; a task whose worker dies is re-queued
(acknowledged late, rejected when the worker is lost) and its run, rolled back with the dead
connection, simply happens again. Database hiccups are retried with backoff.
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from literacy.areas.models import Ward

from .rollup.runs import coverage_rollup_incremental, coverage_rollup_ward

RELIABLE = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


@shared_task(**RELIABLE)
def coverage_incremental_task() -> dict:
    """Count what changed since the last run (a no-op while another run holds the lock)."""
    result = coverage_rollup_incremental(now=timezone.now())
    return {"ran": result.ran, "changed": result.changed, "rebuilt": result.rebuilt_wards}


@shared_task(**RELIABLE)
def coverage_ward_task(ward_id: int) -> int:
    """Recount one ward from the raw tables (a share of the nightly full run)."""
    coverage_rollup_ward(ward_id=ward_id, now=timezone.now())
    return ward_id


@shared_task(acks_late=True)
def coverage_nightly_task() -> int:
    """The nightly full run, split by ward so that several workers share it."""
    ward_ids = list(Ward.objects.order_by("pk").values_list("pk", flat=True))
    for ward_id in ward_ids:
        coverage_ward_task.delay(ward_id)
    return len(ward_ids)
