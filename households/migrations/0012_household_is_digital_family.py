"""The stored Digital Family flag, filled from the members (the triggers keep it from then on).

The triggers (``households/triggers.py``) are installed after every ``migrate``; the backfill
sets the households that already have a trained member (the column's default is false).
"""

from django.db import migrations, models

BACKFILL = """
    UPDATE households_household h
    SET is_digital_family = true
    FROM (
        SELECT DISTINCT household_id FROM households_resident
        WHERE is_trained AND household_id IS NOT NULL
    ) trained
    WHERE h.id = trained.household_id AND NOT h.is_digital_family
"""


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0011_household_hamlet_code_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="household",
            name="is_digital_family",
            field=models.BooleanField(
                db_default=False, default=False, editable=False, verbose_name="Digital Family"
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=False),
    ]
