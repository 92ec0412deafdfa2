"""Fresh planner statistics after a bulk write (``seed_demo``, the roster import).

A table written by COPY or ``INSERT … SELECT`` has no statistics until it is analysed, and with
autovacuum slow or off the planner then guesses: after seeding, the completions and attendance
tables had none at all and it chose nested loops over hundreds of thousands of rows. So whoever
writes in bulk analyses what it wrote, at the end.

On PostgreSQL 15 only a table's owner may ANALYZE it, and the portal connects as the app role,
which owns nothing (README, "Production database roles"). ``manage.py db_roles`` therefore
creates ``literacy_analyse(regclass)``, a SECURITY DEFINER function owned by the owner role that
analyses one of the portal's own tables and nothing else (``literacy/audit/roles.py``); the app
role may execute it. Here: ANALYZE directly when the connection owns the table, else that
function.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.apps import apps
from django.db import connection, models

logger = logging.getLogger(__name__)

#: The function ``db_roles`` creates (``literacy/audit/roles.py``).
ANALYSE_FUNCTION = "literacy_analyse"


def portal_tables() -> list[str]:
    """The tables of every installed model: the ones ``literacy_analyse`` may analyse."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


def tables_analyse(*, models: Iterable[type[models.Model]]) -> list[str]:
    """ANALYZE the tables of ``models``; returns the table names analysed."""
    if connection.vendor != "postgresql":
        return []
    tables = sorted({model._meta.db_table for model in models})
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT t.name, pg_has_role(c.relowner, 'USAGE')
               FROM unnest(%s::text[]) AS t(name)
               JOIN pg_class c ON c.oid = to_regclass(quote_ident(t.name))
               ORDER BY t.name""",
            [tables],
        )
        owned = [name for name, is_owner in cursor.fetchall() if is_owner]
        others = [name for name in tables if name not in owned]
        if owned:
            cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, owned)))
        if others:
            cursor.execute(
                "SELECT to_regprocedure(%s) IS NOT NULL", [f"{ANALYSE_FUNCTION}(regclass)"]
            )
            if not cursor.fetchone()[0]:
                logger.warning(
                    "Not analysed (the connection does not own them and %s() is missing: run "
                    "manage.py db_roles): %s",
                    ANALYSE_FUNCTION,
                    ", ".join(others),
                )
                return owned
            for name in others:
                cursor.execute(
                    f"SELECT {ANALYSE_FUNCTION}(%s::regclass)", [connection.ops.quote_name(name)]
                )
    return tables
