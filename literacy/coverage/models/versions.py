"""What the dashboards were drawn from: a random token per source, replaced by the database.

A cached dashboard is keyed on these tokens (``page_cache.py``). Every write to a table the
pages show (the roll-up rows and the run's "as of", the targets, the names of wards, hamlets and
lessons) fires a statement-level trigger (``versions.py``) that gives its source a new token in
the writing transaction, so the new token becomes visible exactly when the new figures do: a
reader that sees it also sees them, and an old key can never name new figures' page. Tokens are
random rather than counters so that a restored backup or a rolled-back test never reuses one.
One row per source, so a target edit never waits for a running roll-up's lock on its row.
"""

from __future__ import annotations

from django.db import models


class VersionSource(models.IntegerChoices):
    FIGURES = 1, "figures"
    TARGETS = 2, "targets"
    NAMES = 3, "names"


class CoverageVersion(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, choices=VersionSource.choices)
    token = models.UUIDField()

    def __str__(self) -> str:
        return f"{self.get_id_display()}: {self.token}"
