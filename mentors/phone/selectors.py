"""The mentor's phone page: each active mentee with their progress, in a fixed number of queries.

Two reads whatever the number of mentees: the active lessons, and the mentees each with the
lessons they completed and this mentor's ticks of the last 24 hours (array subqueries), put
together in Python: a mentor guides a handful of people, so the page is a few dozen rows, never
a scan of residents. The tick answers with one card, so these reads are on the tick's path too.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.db.models.functions import JSONObject

from households.models import Resident
from lessons.models import Completion, Lesson, Track
from mentors.models import Tick
from mentors.services.ticks import UNDO_WINDOW


@dataclass(frozen=True)
class DoneLesson:
    lesson: Lesson
    #: The key of this mentor's tick that may still be undone (within 24 hours), if any.
    undo_key: uuid.UUID | None = None


@dataclass
class MenteeCard:
    resident: Resident
    core_total: int
    to_do: list[Lesson] = field(default_factory=list)
    done: list[DoneLesson] = field(default_factory=list)
    error: str = ""

    @property
    def core_done(self) -> int:
        return sum(1 for row in self.done if row.lesson.track == Track.CORE)

    @property
    def next_lesson(self) -> Lesson | None:
        return self.to_do[0] if self.to_do else None

    @property
    def can_undo(self) -> bool:
        return any(row.undo_key for row in self.done)


def _lesson_order(lesson: Lesson) -> tuple:
    """Core lessons first (they make a person trained), then the catalogue's order."""
    return (lesson.track != Track.CORE, lesson.order, lesson.code)


def mentee_cards(
    *, mentor_user, now: datetime.datetime, resident_id: int | None = None
) -> list[MenteeCard]:
    """Return the mentor's active mentees (or the one given), each with lessons done and to do."""
    lessons = sorted(Lesson.objects.active(), key=_lesson_order)
    core_total = sum(1 for lesson in lessons if lesson.track == Track.CORE)
    # The residents are read through the scope; the completions and ticks are correlated to
    # those visible residents, so they need no scope subquery of their own (each one cost more
    # to compile on every tick than the whole query takes to run). Only this mentor's ticks can
    # be undone by them.
    completed = Completion.objects.filter(resident=OuterRef("pk"))
    undoable = (
        Tick.objects.filter(mentor__user=mentor_user)
        .not_undone()
        .filter(resident=OuterRef("pk"), ticked_at__gte=now - UNDO_WINDOW)
        .order_by("ticked_at")
    )
    residents = (
        Resident.objects.visible_to(mentor_user)
        .only("id", "full_name", "is_trained", "ward_id")
        .annotate(
            completed_ids=ArraySubquery(completed.order_by().values("lesson_id")),
            undo_keys=ArraySubquery(
                undoable.values(json=JSONObject(lesson="lesson_id", key="key"))
            ),
        )
    )
    if resident_id is not None:
        residents = residents.filter(pk=resident_id)
    cards = []
    for resident in residents:
        card = MenteeCard(resident=resident, core_total=core_total)
        done = set(resident.completed_ids)
        # The latest standing tick of each lesson (ordered by time, later ones win).
        keys = {row["lesson"]: uuid.UUID(row["key"]) for row in resident.undo_keys}
        for lesson in lessons:
            if lesson.pk in done:
                card.done.append(DoneLesson(lesson=lesson, undo_key=keys.get(lesson.pk)))
            else:
                card.to_do.append(lesson)
        cards.append(card)
    return cards
