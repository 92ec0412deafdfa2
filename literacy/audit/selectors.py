"""Reads of the audit log beyond the scoped querysets."""

from __future__ import annotations

from django.db import connection

from .models import AuditEvent

# A loose index scan: one probe of the (object_type, object_id) index per distinct type, where
# SELECT DISTINCT would read every row of a log that grows by a row per person imported.
_OBJECT_TYPES_SQL = f"""
WITH RECURSIVE types(object_type) AS (
    SELECT min(object_type) FROM {AuditEvent._meta.db_table}
    UNION ALL
    SELECT (SELECT min(object_type) FROM {AuditEvent._meta.db_table}
            WHERE object_type > types.object_type)
    FROM types WHERE types.object_type IS NOT NULL
)
SELECT object_type FROM types WHERE object_type IS NOT NULL
"""  # noqa: S608 (table name from model metadata, no values)


def audit_object_types(user) -> list[str]:
    """The object types in the log, sorted, for the filter of a user who may browse it."""
    if not AuditEvent.objects.visible_to(user).exists():
        return []
    with connection.cursor() as cursor:
        cursor.execute(_OBJECT_TYPES_SQL)
        return [object_type for (object_type,) in cursor.fetchall()]
