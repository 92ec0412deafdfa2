"""Targets per area, and where each area is heading at its recent pace.

* The programme target (trained adults, and a deadline) is data provincial staff edit
  (``ProgrammeTarget``). Wards with an override keep it; the rest of the target is shared among
  the other wards in proportion to their adults. A ward's target is shared among its hamlets
  (and its residents not yet in a household) the same way.
* The pace is the trained adults gained over the last 28 days (or since the first day counted,
  if the history is shorter), per week. At that pace the area reaches its target on the
  projected date; the pace it needs is what is left over the weeks left before the deadline.
  An area is *off track* when the projected date falls after the deadline (or it is not moving).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

PACE_WINDOW_DAYS = 28
MAX_DAYS_AHEAD = 100 * 365


def shares(total: int, weights: dict, fixed: dict | None = None) -> dict:
    """Split ``total`` over ``weights``' keys in proportion to the weights, whole numbers that
    add up exactly (largest remainders); keys in ``fixed`` get their fixed amount instead."""
    fixed = {key: value for key, value in (fixed or {}).items() if key in weights}
    rest = max(total - sum(fixed.values()), 0)
    free = {key: max(weight, 0) for key, weight in weights.items() if key not in fixed}
    weight_sum = sum(free.values())
    result = dict(fixed)
    if not free:
        return result
    if weight_sum == 0:
        exact = {key: rest / len(free) for key in free}
    else:
        exact = {key: rest * weight / weight_sum for key, weight in free.items()}
    floors = {key: math.floor(value) for key, value in exact.items()}
    left = rest - sum(floors.values())
    by_remainder = sorted(free, key=lambda key: (floors[key] - exact[key], str(key)))
    for key in by_remainder[:left]:
        floors[key] += 1
    result.update(floors)
    return result


@dataclass(frozen=True)
class Outlook:
    target: int
    trained: int
    deadline: datetime.date
    as_of: datetime.date
    #: Trained adults gained per week recently; ``None`` without two days of history.
    pace_per_week: float | None
    #: Per week needed from now to the deadline; ``None`` once reached.
    needed_per_week: float | None
    projected_on: datetime.date | None

    @property
    def remaining(self) -> int:
        return max(self.target - self.trained, 0)

    @property
    def share(self) -> float:
        return min(self.trained / self.target, 1.0) if self.target else 0.0

    @property
    def is_reached(self) -> bool:
        return self.trained >= self.target

    @property
    def is_off_track(self) -> bool:
        if self.is_reached:
            return False
        return self.projected_on is None or self.projected_on > self.deadline

    @property
    def days_late(self) -> int | None:
        """How many days after the deadline the target is reached at this pace."""
        if not self.is_off_track or self.projected_on is None:
            return None
        return (self.projected_on - self.deadline).days

    @property
    def shortfall_per_week(self) -> float:
        """How many more trained adults a week it takes to finish on time."""
        if self.needed_per_week is None:
            return 0.0
        return max(self.needed_per_week - (self.pace_per_week or 0.0), 0.0)


def outlook(
    *,
    target: int,
    trained: int,
    as_of: datetime.date,
    deadline: datetime.date,
    earlier: tuple[datetime.date, int] | None,
) -> Outlook:
    """Where an area stands: ``earlier`` is (day, trained) at the start of the pace window."""
    pace = None
    if earlier is not None and earlier[0] < as_of:
        days = (as_of - earlier[0]).days
        pace = (trained - earlier[1]) * 7 / days
    remaining = max(target - trained, 0)
    needed = None
    if remaining:
        weeks_left = (deadline - as_of).days / 7
        needed = remaining / weeks_left if weeks_left > 0 else float(remaining)
    projected = None
    if not remaining:
        projected = as_of
    elif pace and pace > 0:
        days = math.ceil(remaining * 7 / pace)
        # Beyond a lifetime the date means nothing (and would overflow): "not moving".
        projected = as_of + datetime.timedelta(days=days) if days < MAX_DAYS_AHEAD else None
    return Outlook(
        target=target,
        trained=trained,
        deadline=deadline,
        as_of=as_of,
        pace_per_week=pace,
        needed_per_week=needed,
        projected_on=projected,
    )
