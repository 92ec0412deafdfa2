"""Keep ``Resident.is_trained`` in step with completions and the core curriculum, set-based.

Trained = every active core lesson completed (PROGRAMME.md). Call after completions change (with
the residents concerned) or after the core set changes (with no argument: everyone).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Now

from households.models import Resident
from lessons.models import Completion, Lesson, Track


def residents_training_refresh(*, resident_ids: Iterable[int] | None = None) -> int:
    """Recompute ``is_trained``/``trained_at`` in one UPDATE; return how many rows changed."""
    core_count = Lesson.objects.filter(is_active=True, track=Track.CORE).count()
    residents = Resident.objects.all()
    if resident_ids is not None:
        residents = residents.filter(pk__in=list(resident_ids))
    if core_count == 0:
        return residents.filter(is_trained=True).update(is_trained=False, trained_at=None)
    core_done = (
        Completion.objects.filter(
            resident=OuterRef("pk"), lesson__is_active=True, lesson__track=Track.CORE
        )
        .order_by()
        .values("resident")
        .annotate(n=Count("pk"))
        .values("n")
    )
    done = Coalesce(Subquery(core_done, output_field=IntegerField()), Value(0))
    now_trained = residents.annotate(done=done).filter(done__gte=core_count)
    became = Resident.objects.filter(pk__in=now_trained.filter(is_trained=False).values("pk"))
    lost = residents.filter(is_trained=True).exclude(pk__in=now_trained.values("pk"))
    changed = lost.update(is_trained=False, trained_at=None)
    changed += became.update(
        is_trained=True,
        trained_at=Case(When(Q(trained_at__isnull=True), then=Now()), default=F("trained_at")),
    )
    return changed
