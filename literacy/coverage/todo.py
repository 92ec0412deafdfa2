"""The roll-up figures behind the roster to-do summaries (per hamlet, the latest day).

The summaries of the digital-identity and Digital Family to-do lists read these instead of
counting the residents and households themselves: one row per hamlet, whatever the roster's
size. They are as fresh as the last roll-up run (every minute); the lists behind them read the
roster itself.
"""

from __future__ import annotations

from literacy.areas.models import Hamlet

from .models import AreaKind, CoverageDay
from .selectors import latest_day


def hamlet_figures(*, user) -> dict[int, CoverageDay]:
    """The latest figures of each hamlet the user may see, by hamlet id (two queries)."""
    day = latest_day(user)
    if day is None:
        return {}
    rows = CoverageDay.objects.visible_to(user).filter(day=day, kind=AreaKind.HAMLET)
    return {row.hamlet_id: row for row in rows}


def hamlets_with_figures(*, user) -> list[tuple[Hamlet, CoverageDay | None]]:
    """Each visible hamlet (by ward and name) with its latest figures (none before a run)."""
    figures = hamlet_figures(user=user)
    hamlets = Hamlet.objects.visible_to(user).select_related("ward").order_by("ward__name", "name")
    return [(hamlet, figures.get(hamlet.pk)) for hamlet in hamlets]
