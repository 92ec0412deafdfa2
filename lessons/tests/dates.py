"""A month that is in the past on any day the suite runs (the clock is never read for it)."""

from __future__ import annotations

import datetime

PAST_MONTH = datetime.date(2025, 10, 1)
