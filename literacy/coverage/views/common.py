"""Shared by the coverage pages."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from ..models import AreaKind, CoverageDay
from ..rollup.runs import coverage_rollup_history, coverage_rollup_incremental

#: Days of trend reconstructed the first time a portal without a worker shows a dashboard.
DEMO_HISTORY_DAYS = 60


def refresh_without_worker() -> None:
    """Without a broker there is no beat (``make run``): count what changed before answering,
    and give a new demo a trend to draw. With a worker, pages only read."""
    if not settings.COVERAGE_REFRESH_ON_VIEW:
        return
    now = timezone.now()
    coverage_rollup_incremental(now=now)
    if CoverageDay.objects.filter(kind=AreaKind.PROGRAMME).count() < 2:
        coverage_rollup_history(days=DEMO_HISTORY_DAYS, now=now)
