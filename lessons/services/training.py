"""Keep ``Resident.is_trained`` in step with completions and the core curriculum, set-based.

Trained = every active core lesson completed (docs/programme.md). Call after completions change
(with the residents concerned, in the same transaction) or after the core set changes
(:func:`residents_training_refresh_later`: everyone, in the background).

A few residents (a mentor's tick, a class): one UPDATE by primary key, each resident's flag
decided by "no active core lesson without a completion" (a few index probes per person), and
``trained_at`` set to when the last core lesson was completed; only rows that change are
written. (The many-residents path below keeps a known ``trained_at`` and dates a newly
trained resident by the refresh.) Many residents (everyone, after the core set changed):
two UPDATEs, one for those who became trained, one for those who no longer are, both compared
against one aggregate over the completions of active core lessons (``GROUP BY resident HAVING
count = number of core lessons``), which PostgreSQL runs as a single hashed pass — a correlated
check per resident took 43 s on 3 million residents.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.db import connection, transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from households.models import Resident
from lessons.models import Completion, Lesson
from lessons.tasks import residents_training_refresh_task
from literacy.bulk_queries import tune_for_whole_province


def _residents_with_every_core_lesson(core_ids: list[int], resident_ids: list[int] | None):
    completions = Completion.objects.filter(lesson_id__in=core_ids)
    if resident_ids is not None:
        completions = completions.filter(resident_id__in=resident_ids)
    return (
        completions.order_by()
        .values("resident_id")
        .annotate(done=Count("lesson_id", distinct=True))
        .filter(done=len(core_ids))
        .values("resident_id")
    )


#: Up to this many residents, the per-person check (one statement); above, the hashed aggregate.
FEW_RESIDENTS = 1000


def residents_training_refresh(*, resident_ids: Iterable[int] | None = None) -> int:
    """Recompute ``is_trained``/``trained_at``; return how many residents changed."""
    ids = None if resident_ids is None else list(resident_ids)
    if ids is not None and len(ids) <= FEW_RESIDENTS:
        return _refresh_few(ids)
    return _refresh_many(ids)


# Table names come from model metadata; every value is a parameter.
_REFRESH_FEW_SQL = """
UPDATE {resident} AS r
SET is_trained = t.trained,
    trained_at = CASE WHEN t.trained THEN t.last_done END
FROM (
    SELECT p.id,
           EXISTS (SELECT 1 FROM ({core}) AS core)
           AND NOT EXISTS (
               SELECT 1 FROM ({core}) AS core
               WHERE NOT EXISTS (
                   SELECT 1 FROM {completion} AS c
                   WHERE c.resident_id = p.id AND c.lesson_id = core.id
               )
           ) AS trained,
           (SELECT max(c.completed_at) FROM {completion} AS c
            WHERE c.resident_id = p.id AND c.lesson_id IN ({core})) AS last_done
    FROM {resident} AS p
    WHERE p.id = ANY(%s)
) AS t
WHERE r.id = t.id
  AND (r.is_trained, r.trained_at)
      IS DISTINCT FROM (t.trained, CASE WHEN t.trained THEN t.last_done END)
"""


@cache
def _refresh_few_sql() -> tuple[str, tuple]:
    """The statement, built once: the core lessons are a subquery (read when it runs), so its
    text and parameters never change."""
    core_sql, core_params = Lesson.objects.core().values("id").query.sql_with_params()
    sql = _REFRESH_FEW_SQL.format(
        resident=Resident._meta.db_table, completion=Completion._meta.db_table, core=core_sql
    )
    return sql, core_params


def _refresh_few(ids: list[int]) -> int:
    """One UPDATE by primary key: trained when there are core lessons and none is missing,
    since the last of them was completed (a tick synced days later, or a class logged late,
    counts on the day it happened, as the coverage figures do).

    Plain SQL: the same statement built with the ORM's nested ``Exists`` took longer to
    compile in Python than to run.
    """
    if not ids:
        return 0
    sql, core_params = _refresh_few_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*core_params, *core_params, *core_params, ids])
        return cursor.rowcount


@transaction.atomic
def _refresh_many(ids: list[int] | None) -> int:
    core_ids = list(Lesson.objects.core().values_list("pk", flat=True))
    residents = Resident.objects.all() if ids is None else Resident.objects.filter(pk__in=ids)
    if not core_ids:
        return residents.filter(is_trained=True).update(is_trained=False, trained_at=None)
    # Let the planner hash the aggregate (hundreds of thousands of ids) instead of re-running
    # it per row, with parallel workers; local to this transaction.
    tune_for_whole_province()
    done = _residents_with_every_core_lesson(core_ids, ids)
    changed = (
        residents.filter(is_trained=True)
        .exclude(pk__in=done)
        .update(is_trained=False, trained_at=None)
    )
    changed += residents.filter(is_trained=False, pk__in=done).update(
        is_trained=True, trained_at=Coalesce(F("trained_at"), Value(timezone.now()))
    )
    return changed


def residents_training_refresh_later() -> None:
    """Recompute everyone once the current transaction commits, on a Celery worker (in-process
    without a broker): at province scale it takes tens of seconds (25 s for 3 million residents
    when a core lesson changes, on 2 cores), too long to hold a web request and its
    transaction."""
    transaction.on_commit(residents_training_refresh_task.delay)
