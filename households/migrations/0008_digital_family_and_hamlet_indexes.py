"""Indexes for the household lists, built without locking the roster (a non-atomic migration).

``(hamlet, ward)`` on households replaces the hamlet's own index (its prefix): walking the
hamlets in the lists' order, another ward's hamlet costs one look-up. The partial index of
trained residents by household answers "is this household a Digital Family?" without reading
its members (only trained people have an entry, so imports add none).
"""

import django.db.models.deletion
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

OLD_HAMLET_INDEX = "households_household_hamlet_id_618d9be2"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("areas", "0002_hamlet_in_list_order"),
        ("households", "0007_resident_name_trigram_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="household",
            index=models.Index(fields=["hamlet", "ward"], name="household_hamlet_ward_idx"),
        ),
        AddIndexConcurrently(
            model_name="resident",
            index=models.Index(
                condition=models.Q(("is_trained", True)),
                fields=["household"],
                name="resident_trained_household_idx",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="household",
                    name="hamlet",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="households",
                        to="areas.hamlet",
                        verbose_name="hamlet",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {OLD_HAMLET_INDEX}",
                    f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD_HAMLET_INDEX}"
                    " ON households_household (hamlet_id)",
                ),
            ],
        ),
    ]
