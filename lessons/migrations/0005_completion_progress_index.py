"""A resident's completions read from one covering index (resident; lesson, completed at).

It replaces the foreign key's plain index on the resident: the same first column, so it serves
the key's lookups too. Only the index changes in the database (the key's constraint is not
dropped and validated again over every completion, as ``AlterField`` would).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0011_household_hamlet_code_index"),
        ("lessons", "0004_class_list_order_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="completion",
                    name="resident",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="completions",
                        to="households.resident",
                        verbose_name="resident",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS lessons_completion_resident_id_90e3538e",
                    "CREATE INDEX lessons_completion_resident_id_90e3538e"
                    " ON lessons_completion (resident_id)",
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="completion",
            index=models.Index(
                fields=["resident"],
                include=("lesson", "completed_at"),
                name="completion_resident_cover_idx",
            ),
        ),
    ]
