"""Days before the roll-up existed: reconstructed from the snapshots, for the trend.

The first run of a new installation has today only. ``rollup_coverage --history N`` counts the
N days before today from the snapshots as they are now (today's people, with their birth dates,
the days their lessons were completed and their classes were held), for every day that has no
figures yet. Figures that have no history of their own (a household's hamlet, a VNeID level, a
mentor's mentees) are today's on those days.
"""

# ruff: noqa: S608 (SQL assembled from this module's own identifiers; values are parameters)

from __future__ import annotations

import datetime

from .counting import (
    DAY_TABLE,
    programme_replace,
)
from .db import rows
from .rebuild import day_count_from_snapshots


def history_fill(*, days: int, params: dict, wards: list[int]) -> list[datetime.date]:
    """Count each of the ``days`` days before today that has no programme figures yet."""
    today = params["today"]
    wanted = [today - datetime.timedelta(days=n) for n in range(days, 0, -1)]
    have = {
        day
        for (day,) in rows(
            f"SELECT day FROM {DAY_TABLE} WHERE kind = 0 AND day = ANY(%(days)s)",
            {"days": wanted},
        )
    }
    filled = []
    for day in wanted:
        if day in have:
            continue
        day_params = {**params, "today": day, "wards": wards}
        day_count_from_snapshots(day_params)
        programme_replace(day_params)
        filled.append(day)
    return filled
