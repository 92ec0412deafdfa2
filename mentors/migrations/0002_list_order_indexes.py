"""Indexes in the mentor, assignment and tick lists' order, built without locking them.

Ticks arrive from phones all day and assignments change while wards work: ``CREATE INDEX
CONCURRENTLY`` lets them go on while the indexes build (hence a non-atomic migration). A page of
50 is then read off the index instead of sorting every row in scope.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("mentors", "0001_initial"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="mentor",
            index=models.Index(fields=["ward", "full_name", "id"], name="mentor_ward_name_idx"),
        ),
        AddIndexConcurrently(
            model_name="mentor",
            index=models.Index(fields=["full_name", "id"], name="mentor_name_idx"),
        ),
        AddIndexConcurrently(
            model_name="assignment",
            index=models.Index(fields=["starts_at", "id"], name="assignment_starts_idx"),
        ),
        AddIndexConcurrently(
            model_name="tick",
            index=models.Index(fields=["ticked_at", "id"], name="tick_ticked_idx"),
        ),
    ]
