"""Small helpers to run the roll-up's SQL on Django's connection."""

# ruff: noqa: S608 (SQL assembled from this module's own identifiers; values are parameters)

from __future__ import annotations

from django.db import connection


def run(sql: str, params: dict | None = None) -> int:
    """Execute one statement; return the rows it touched."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def rows(sql: str, params: dict | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def scalar(sql: str, params: dict | None = None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def temp_table(name: str, definition: str) -> None:
    """An empty temporary table for this run: created once per connection (creating it each
    run costs catalog writes), emptied at every commit and when a run starts (a test may run
    twice in one transaction)."""
    run(
        f"CREATE TEMP TABLE IF NOT EXISTS {name} {definition} ON COMMIT DELETE ROWS;"
        f" DELETE FROM {name}"
    )


def temp_tables(definitions: dict[str, str]) -> None:
    """:func:`temp_table` for several tables in one round trip."""
    run(
        " ".join(
            f"CREATE TEMP TABLE IF NOT EXISTS {name} {definition} ON COMMIT DELETE ROWS;"
            f" DELETE FROM {name};"
            for name, definition in definitions.items()
        )
    )


def run_all(statements: list[str], params: dict | None = None) -> None:
    """Several statements in one round trip (they share ``params``)."""
    if statements:
        run(";\n".join(statement.strip().rstrip(";") for statement in statements), params)
