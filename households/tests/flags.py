"""The Digital Family flags that disagree with the members (for tests of the triggers)."""

from __future__ import annotations

from django.db import connection


def wrong_digital_family_flags() -> list[int]:
    """Ids of households whose stored flag differs from "has a trained member"."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT h.id FROM households_household h
            WHERE h.is_digital_family <> EXISTS (
                SELECT 1 FROM households_resident r WHERE r.household_id = h.id AND r.is_trained
            )
            ORDER BY h.id
            """
        )
        return [row[0] for row in cursor.fetchall()]
