"""What the last run counted for each resident, household, mentor and class.

An incremental run recomputes only the people and things that changed: it subtracts what the
snapshot says they contributed and adds what the raw tables say now, then stores the new
snapshot. The invariant the runs keep: every roll-up row of today equals the sum of the
snapshots' contributions to it. The snapshots hold the *inputs* of the figures (a birth date, the
day training was completed), not figures of a day, so the same rows serve any day: a new day's
rows (birthdays, the 7- and 30-day windows) are counted from them without reading the raw tables.

No foreign keys: a snapshot outlives the row it describes until the run that sees the deletion.

The snapshot tables are UNLOGGED (migration 0002): they are a cache of the raw tables, and
writing 3 million rows to the WAL on every full recount cost a third of its time. After a crash
PostgreSQL empties unlogged tables, :class:`SnapshotMark` (unlogged too) with them, so a run that
finds no mark knows the snapshots are gone and rebuilds them from the raw tables.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models


class ResidentSnapshot(models.Model):
    resident_id = models.BigIntegerField(primary_key=True)
    ward_id = models.BigIntegerField()
    hamlet_id = models.BigIntegerField(null=True)
    household_id = models.BigIntegerField(null=True)
    date_of_birth = models.DateField(null=True)
    is_worker = models.BooleanField()
    is_small_trader = models.BooleanField()
    is_farmer = models.BooleanField()
    is_ethnic_minority = models.BooleanField()
    has_vneid2 = models.BooleanField()
    is_banked = models.BooleanField()
    is_mentee = models.BooleanField()
    #: The day the last active core lesson was completed (empty: not every one is).
    trained_on = models.DateField(null=True)
    #: The same for the 4T track.
    four_t_on = models.DateField(null=True)
    #: Completed active lessons and the day of each (parallel arrays; empty when none).
    lesson_ids = ArrayField(models.BigIntegerField(), null=True)
    lesson_days = ArrayField(models.DateField(), null=True)

    class Meta:
        indexes = [
            models.Index(fields=["ward_id"], name="coverage_snap_res_ward_idx"),
            models.Index(
                fields=["household_id"],
                name="coverage_snap_res_hh_idx",
                condition=models.Q(household_id__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.resident_id)


class HouseholdSnapshot(models.Model):
    household_id = models.BigIntegerField(primary_key=True)
    ward_id = models.BigIntegerField()
    hamlet_id = models.BigIntegerField()
    #: The first day one of its members was trained: a Digital Family from then on.
    digital_family_on = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["ward_id"], name="coverage_snap_hh_ward_idx")]

    def __str__(self) -> str:
        return str(self.household_id)


class MentorSnapshot(models.Model):
    mentor_id = models.BigIntegerField(primary_key=True)
    ward_id = models.BigIntegerField()
    hamlet_id = models.BigIntegerField()
    is_active = models.BooleanField()
    active_mentees = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["ward_id"], name="coverage_snap_mnt_ward_idx")]

    def __str__(self) -> str:
        return str(self.mentor_id)


class ClassSnapshot(models.Model):
    class_id = models.BigIntegerField(primary_key=True)
    ward_id = models.BigIntegerField()
    hamlet_id = models.BigIntegerField()
    held_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["ward_id"], name="coverage_snap_cls_ward_idx")]

    def __str__(self) -> str:
        return str(self.class_id)


class SnapshotMark(models.Model):
    """One row while the snapshots are intact (gone with them after a crash or a failover)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"snapshots built {self.built_at:%Y-%m-%d %H:%M}"
