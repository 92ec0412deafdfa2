"""Write the rows no unique constraint already holds, and learn which ones were written.

``bulk_create(ignore_conflicts=True)`` skips a conflicting row silently and tells the caller
nothing, so whatever is derived from "the rows I passed" (an audit row each, a count shown to a
person) over-counts as soon as a concurrent writer got there first: a pre-read of the existing
rows cannot see another transaction's uncommitted ones. Here the database says what it wrote
(``INSERT … ON CONFLICT DO NOTHING RETURNING``), and callers audit or count only that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

#: Rows per INSERT statement (psycopg2 binds the values client-side: no parameter limit).
BATCH_SIZE = 2000


def _columns(model: type[models.Model]) -> list[models.Field]:
    """The columns an INSERT names: every stored field but the automatic primary key."""
    opts = model._meta
    return [f for f in opts.concrete_fields if f is not opts.auto_field and not f.generated]


def _sql(model: type[models.Model], fields, returning, count: int) -> str:
    """Only quoted model metadata and placeholders are spliced in; the values are parameters."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    values = ", ".join([row] * count)
    back = ", ".join(quote(f.column) for f in returning)
    insert = f"INSERT INTO {table} ({names}) VALUES {values}"  # noqa: S608
    return f"{insert} ON CONFLICT DO NOTHING RETURNING {back}"


def insert_new_rows(
    model: type[models.Model],
    rows: Sequence[models.Model],
    *,
    returning: Sequence[str] = ("pk",),
    batch_size: int = BATCH_SIZE,
) -> list[dict[str, Any]]:
    """Insert ``rows`` (unsaved instances), skipping those a unique constraint already holds.

    Return one dict per row actually written, with the ``returning`` fields (field names,
    ``pk`` for the primary key). Rows skipped because of a conflict are not in the result.
    """
    opts = model._meta
    fields = _columns(model)
    back = [opts.pk if name == "pk" else opts.get_field(name) for name in returning]
    written: list[dict[str, Any]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            params = [
                field.get_db_prep_save(field.pre_save(row, add=True), connection)
                for row in batch
                for field in fields
            ]
            cursor.execute(_sql(model, fields, back, len(batch)), params)
            for values in cursor.fetchall():
                written.append(
                    {
                        name: field.from_db_value(value, None, connection)
                        if hasattr(field, "from_db_value")
                        else value
                        for name, field, value in zip(returning, back, values, strict=True)
                    }
                )
    return written
