"""Which indexes the planner reads for a query. A test's few rows make a table scan the
cheapest plan for anything, so the question is asked with table scans priced out
(``enable_seqscan`` and ``enable_bitmapscan`` off for the one ``EXPLAIN``): the answer is then
whether an index can answer the query, and which one it prefers."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet


def _index_names(node: dict) -> set[str]:
    names = {node["Index Name"]} if "Index Name" in node else set()
    for child in node.get("Plans", []):
        names |= _index_names(child)
    return names


def indexes_read(queryset: QuerySet) -> set[str]:
    """The names of the indexes in ``queryset``'s plan, table scans priced out."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off; SET enable_bitmapscan = off")
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            (plan,) = cursor.fetchone()
        finally:
            cursor.execute("RESET enable_seqscan; RESET enable_bitmapscan")
    return _index_names(plan[0]["Plan"])
