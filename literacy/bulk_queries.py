"""Settings for the jobs that aggregate the whole province, local to their transaction.

The portal's connections plan without parallel workers (``literacy/settings.py``: starting two
took ~12 ms for a count that read 0.2 ms of index); a full roll-up, the training refresh and the
benchmark's hand-written figures scan millions of rows and gain from them, and from room to hash
their aggregates (hundreds of thousands of ids) instead of re-running a subplan per row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

#: Memory per hash or sort of a whole-province aggregate.
WHOLE_PROVINCE_WORK_MEM = "256MB"


def allow_parallel_workers() -> None:
    """``settings.PARALLEL_WORKERS`` per query until the current transaction ends."""
    with connection.cursor() as cursor:
        workers = int(settings.PARALLEL_WORKERS)
        cursor.execute(f"SET LOCAL max_parallel_workers_per_gather = {workers}")


def tune_for_whole_province() -> None:
    """Room for hash aggregates, and parallel workers, until the current transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{WHOLE_PROVINCE_WORK_MEM}'")
    allow_parallel_workers()
