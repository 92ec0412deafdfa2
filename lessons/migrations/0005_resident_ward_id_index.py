"""A ward's residents in id order, for a ward's completions in the progress list's order.

``/api/v1/completions/`` lists by resident id: without an index that gives a ward's residents
in that order, the database walks every resident of the province from the first id to meet
the ward's. The index is the completions list's own need, so it is made here (concurrently: the
roster stays writable while it builds, hence a non-atomic migration), on the residents table.
"""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("lessons", "0004_class_list_order_indexes"),
        ("households", "0005_resident_list_order_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS resident_ward_id_idx "
                "ON households_resident (ward_id, id)"
            ),
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS resident_ward_id_idx",
        ),
    ]
