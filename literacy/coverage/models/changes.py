"""The change log the database fills, and the bookkeeping of the runs.

Every write to the tables the figures come from (residents, households, completions, classes,
lessons, mentors, assignments) fires a statement-level trigger (``triggers.py``) that appends the
ids it touched to :class:`CoverageChange`, whatever wrote them: a service, the COPY import,
seeding, a cascade delete. A statement that touches many rows logs its wards instead.

Each row carries the id of the transaction that wrote it (``xid``, PostgreSQL's 64-bit
``pg_current_xact_id()``). A run claims (deletes and counts) every row it can see: those of
committed transactions, and its own. Rows of transactions still running are invisible and stay
for a later run. The cursor (:class:`CoverageCursor`) is the oldest transaction still running
when the last run claimed (the snapshot's ``xmin``): every transaction below it had ended then,
so no row below it can ever appear, and a run reads only the index range above it — it never
rescans what was counted. The cursor only grows.
"""

from __future__ import annotations

from django.db import models


class ChangeKind(models.TextChoices):
    RESIDENT = "R", "resident"
    HOUSEHOLD = "H", "household"
    MENTOR = "M", "mentor"
    CLASS = "C", "class"
    #: A statement touched too many rows to list: recount the whole ward.
    WARD = "W", "ward"
    #: The curriculum changed (a core or 4T lesson added, retired, moved): recount everything.
    ALL = "A", "everything"


class CoverageChange(models.Model):
    id = models.BigAutoField(primary_key=True)
    xid = models.BigIntegerField()
    kind = models.CharField(max_length=1, choices=ChangeKind.choices)
    object_id = models.BigIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["xid"], name="coverage_change_xid_idx")]

    def __str__(self) -> str:
        return f"{self.kind}{self.object_id}@{self.xid}"


class CoverageCursor(models.Model):
    """One row: how far the change log has been read, and when a run last finished."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    #: Every change of a transaction below this id has been counted.
    horizon_xid = models.BigIntegerField(default=0)
    #: When the last run finished: the figures reflect every change committed before it.
    finished_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="coverage_cursor_one")]

    def __str__(self) -> str:
        return f"horizon {self.horizon_xid}"


class CoverageWardState(models.Model):
    """Which day a ward's rows were last written for; absent: never counted (no snapshot)."""

    ward = models.OneToOneField(
        "areas.Ward", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    day = models.DateField()
    rebuilt_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.ward_id}: {self.day}"
