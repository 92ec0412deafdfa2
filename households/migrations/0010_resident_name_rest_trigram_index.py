"""The name search's trigram index moves from the whole folded name to the name after its first
letter (``ResidentQuerySet.search``): names that start with the words searched are a range of
the name indexes, so the trigrams are needed only for the rest, where the common search (a
family name) is rare and its few matches are found at once.

Built and dropped concurrently (a non-atomic migration), so imports and edits go on meanwhile;
left out with a warning where ``pg_trgm`` cannot be had, as in 0007 (the search then reads the
name indexes).
"""

from importlib import import_module

import django.contrib.postgres.indexes
import django.db.models
from django.contrib.postgres.operations import RemoveIndexConcurrently
from django.db import migrations

AddTrigramIndexConcurrently = import_module(
    "households.migrations.0007_resident_name_trigram_index"
).AddTrigramIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("households", "0009_resident_ward_id_index"),
    ]

    operations = [
        AddTrigramIndexConcurrently(
            model_name="resident",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.Func(
                        django.db.models.F("name_folded"),
                        django.db.models.Value(2),
                        function="substr",
                        output_field=django.db.models.TextField(),
                    ),
                    name="gin_trgm_ops",
                ),
                name="resident_name_rest_trgm_idx",
            ),
        ),
        # ``IF EXISTS``: 0007 leaves it out where pg_trgm is missing.
        RemoveIndexConcurrently(model_name="resident", name="resident_name_trgm_idx"),
    ]
