"""Demo data: Households and residents at scale."""

from __future__ import annotations

import random


def seed_households(*, rng: random.Random, residents: int, stdout) -> int:
    """Not built yet: arrives with its feature."""
    return 0
