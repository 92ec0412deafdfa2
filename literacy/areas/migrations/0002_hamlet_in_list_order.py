"""The hamlets in the roster lists' order (ward name, hamlet name), as a view.

The view's ``ORDER BY`` is what it is for: PostgreSQL does not merge a sorted subquery into the
query that joins it, and keeps its order, so the household lists can walk the hamlets in order
instead of sorting every household in scope (``areas.HamletInListOrder``). A later migration that
changes the type of a ward's or a hamlet's name must drop the view first and create it again.
"""

import django.db.models.deletion
from django.db import migrations, models

CREATE_VIEW = """
CREATE VIEW areas_hamlet_in_list_order AS
SELECT hamlet.id AS hamlet_id, ward.name AS ward_name, hamlet.name AS hamlet_name
FROM areas_hamlet hamlet JOIN areas_ward ward ON ward.id = hamlet.ward_id
ORDER BY ward.name, hamlet.name
"""


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(CREATE_VIEW, "DROP VIEW areas_hamlet_in_list_order"),
        migrations.CreateModel(
            name="HamletInListOrder",
            fields=[
                (
                    "hamlet",
                    models.OneToOneField(
                        db_column="hamlet_id",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="areas.hamlet",
                    ),
                ),
                ("ward_name", models.CharField(max_length=100)),
                ("hamlet_name", models.CharField(max_length=100)),
            ],
            options={
                "db_table": "areas_hamlet_in_list_order",
                "managed": False,
            },
        ),
    ]
