"""The mentor's phone page: each active mentee with their progress, in a fixed number of queries.

Four reads whatever the number of mentees (the active lessons, the mentees, their completions,
the mentor's ticks of the last 24 hours) assembled in Python: a mentor guides a handful of people,
so the page is a few dozen rows, never a scan of residents.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from households.models import Resident
from lessons.models import Completion, Lesson, Track
from mentors.models import Tick
from mentors.services.ticks import UNDO_WINDOW


@dataclass(frozen=True)
class DoneLesson:
    lesson: Lesson
    completed_at: datetime.datetime
    source: str
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
    residents = Resident.objects.visible_to(mentor_user).only(
        "id", "full_name", "is_trained", "ward_id"
    )
    if resident_id is not None:
        residents = residents.filter(pk=resident_id)
    cards = {r.pk: MenteeCard(resident=r, core_total=core_total) for r in residents}
    if not cards:
        return []
    completed = {
        (row["resident_id"], row["lesson_id"]): row
        for row in Completion.objects.visible_to(mentor_user)
        .filter(resident_id__in=list(cards))
        .order_by()
        .values("resident_id", "lesson_id", "completed_at", "source")
    }
    undoable = {
        (row["resident_id"], row["lesson_id"]): row["key"]
        for row in Tick.objects.visible_to(mentor_user)
        .not_undone()
        .filter(resident_id__in=list(cards), ticked_at__gte=now - UNDO_WINDOW)
        .order_by("ticked_at")
        .values("resident_id", "lesson_id", "key")
    }
    for resident_pk, card in cards.items():
        for lesson in lessons:
            row = completed.get((resident_pk, lesson.pk))
            if row is None:
                card.to_do.append(lesson)
            else:
                card.done.append(
                    DoneLesson(
                        lesson=lesson,
                        completed_at=row["completed_at"],
                        source=row["source"],
                        undo_key=undoable.get((resident_pk, lesson.pk)),
                    )
                )
    return list(cards.values())
