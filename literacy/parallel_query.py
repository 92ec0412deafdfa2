"""Parallel query workers, asked for by the jobs that aggregate the whole province.

The portal's connections plan without them (``literacy/settings.py``: starting two took ~12 ms
for a count that read 0.2 ms of index); a full roll-up, the training refresh and the
benchmark's hand-written figures scan millions of rows and gain from them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def allow_parallel_workers() -> None:
    """``settings.PARALLEL_WORKERS`` per query until the current transaction ends."""
    with connection.cursor() as cursor:
        workers = int(settings.PARALLEL_WORKERS)
        cursor.execute(f"SET LOCAL max_parallel_workers_per_gather = {workers}")
