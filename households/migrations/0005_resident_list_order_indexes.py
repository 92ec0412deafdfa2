"""Indexes in the resident lists' order, built without locking the roster.

The residents table holds millions of rows: ``CREATE INDEX CONCURRENTLY`` lets imports and edits
go on while the index builds (hence a non-atomic migration). The new ``(ward, name_folded, id)``
index replaces ``(ward, name_folded)``, its prefix.
"""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("households", "0004_import_job"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="resident",
            index=models.Index(
                fields=["ward", "name_folded", "id"], name="resident_ward_name_id_idx"
            ),
        ),
        AddIndexConcurrently(
            model_name="resident",
            index=models.Index(fields=["name_folded", "id"], name="resident_name_id_idx"),
        ),
        RemoveIndexConcurrently(model_name="resident", name="resident_ward_name_idx"),
    ]
