"""Coverage: the programme's figures rolled up per hamlet, ward and programme area, per day.

* :mod:`.rollups` — the tables the dashboards read (one row per area per day, plus segment and
  lesson rows), kept as history.
* :mod:`.snapshots` — what the last run counted, per resident, household, mentor and class, so an
  incremental run can subtract the old contribution and add the new one.
* :mod:`.changes` — the change log the database triggers fill, and the run's bookkeeping.
* :mod:`.targets` — the programme target, its deadline and the ward overrides.
* :mod:`.versions` — a token per source of the pages, replaced by every write (page cache keys).
"""

from .changes import CoverageChange, CoverageCursor, CoverageWardState
from .rollups import AreaKind, CoverageDay, CoverageLessonDay, CoverageSegmentDay, Segment
from .snapshots import (
    ClassSnapshot,
    HouseholdSnapshot,
    MentorSnapshot,
    ResidentSnapshot,
    SnapshotMark,
)
from .targets import ProgrammeTarget, WardTarget
from .versions import CoverageVersion, VersionSource

__all__ = [
    "AreaKind",
    "ClassSnapshot",
    "CoverageChange",
    "CoverageCursor",
    "CoverageDay",
    "CoverageLessonDay",
    "CoverageSegmentDay",
    "CoverageVersion",
    "CoverageWardState",
    "HouseholdSnapshot",
    "MentorSnapshot",
    "ProgrammeTarget",
    "ResidentSnapshot",
    "Segment",
    "SnapshotMark",
    "VersionSource",
    "WardTarget",
]
