"""Each tick keeps its mentee's ward, so that a ward's ticks are found without their residents.

The column is added empty, filled from the residents (every tick so far), then made required.
"""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE mentors_tick AS t SET ward_id = r.ward_id
FROM households_resident AS r
WHERE r.id = t.resident_id AND t.ward_id IS NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0001_initial"),
        ("households", "0009_resident_ward_id_index"),
        ("mentors", "0002_list_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="tick",
            name="ward",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="areas.ward",
                verbose_name="ward/commune",
            ),
        ),
        migrations.RunSQL(sql=FILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="tick",
            name="ward",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="areas.ward",
                verbose_name="ward/commune",
            ),
        ),
    ]
