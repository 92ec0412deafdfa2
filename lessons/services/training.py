"""Keep ``Resident.is_trained`` in step with completions and the core curriculum, set-based.

Trained = every active core lesson completed (docs/programme.md). Call after completions change
(with the residents concerned, in the same transaction) or after the core set changes
(:func:`residents_training_refresh_later`: everyone, in the background).

Two UPDATEs whatever the number of residents: one for those who became trained, one for those
who no longer are. Both compare against one aggregate over the completions of active core
lessons (``GROUP BY resident HAVING count = number of core lessons``), which PostgreSQL runs as a
single hashed pass — a correlated count per resident took 43 s on 3 million residents.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from households.models import Resident
from lessons.models import Completion, Lesson
from lessons.tasks import residents_training_refresh_task


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


@transaction.atomic
def residents_training_refresh(*, resident_ids: Iterable[int] | None = None) -> int:
    """Recompute ``is_trained``/``trained_at``; return how many residents changed."""
    core_ids = list(Lesson.objects.core().values_list("pk", flat=True))
    ids = None if resident_ids is None else list(resident_ids)
    residents = Resident.objects.all() if ids is None else Resident.objects.filter(pk__in=ids)
    if not core_ids:
        return residents.filter(is_trained=True).update(is_trained=False, trained_at=None)
    # Let the planner hash the aggregate (hundreds of thousands of ids) instead of re-running
    # it per row; local to this transaction.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
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
