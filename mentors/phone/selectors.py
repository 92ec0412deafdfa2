"""The mentor's phone page: each active mentee with their progress, in one query.

One statement whatever the number of mentees: every (mentee, active lesson) pair with whether
the lesson is completed and the key of this mentor's latest standing tick of it from the last 24
hours, put together in Python: a mentor guides a handful of people, so the page is a hundred
rows or so, never a scan of residents. The tick answers with one card, so this read is on the
tick's path too.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connection

from households.models import Resident
from lessons.models import Completion, Lesson, Track
from mentors.models import Mentor, Tick
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


#: What the card shows of a person and of a lesson.
RESIDENT_FIELDS = ("id", "full_name", "is_trained")
LESSON_FIELDS = ("id", "code", "title_vi", "title_en", "track", "order", "video", "video_url")

# Plain SQL around the scope's own subquery (``visible_to``): built with the ORM (two array
# subqueries and a lesson query) the card cost more Python to compile than the database takes
# to run it, on every tick. A mentee with no active lesson still gets a row (the LEFT JOIN).
# Table names come from model metadata; every value is a parameter.
_CARDS_SQL = """
SELECT {resident_columns}, {lesson_columns},
       EXISTS (
           SELECT 1 FROM {completion} AS c WHERE c.resident_id = r.id AND c.lesson_id = l.id
       ) AS done,
       (SELECT t.key FROM {tick} AS t JOIN {mentor} AS m ON m.id = t.mentor_id
        WHERE t.resident_id = r.id AND t.lesson_id = l.id AND m.user_id = %s
          AND t.undone_at IS NULL AND t.ticked_at >= %s
        ORDER BY t.ticked_at DESC, t.id DESC LIMIT 1) AS undo_key
FROM {resident} AS r LEFT JOIN {lesson} AS l ON l.is_active
WHERE """


@cache
def _cards_sql() -> str:
    quote = connection.ops.quote_name
    return _CARDS_SQL.format(
        resident_columns=", ".join(f"r.{quote(name)}" for name in RESIDENT_FIELDS),
        lesson_columns=", ".join(f"l.{quote(name)}" for name in LESSON_FIELDS),
        completion=Completion._meta.db_table,
        tick=Tick._meta.db_table,
        mentor=Mentor._meta.db_table,
        resident=Resident._meta.db_table,
        lesson=Lesson._meta.db_table,
    )


def mentee_cards(
    *, mentor_user, now: datetime.datetime, resident_id: int | None = None
) -> list[MenteeCard]:
    """Return the mentor's active mentees (or the one given), each with lessons done and to do."""
    try:
        scope_sql, scope_params = (
            Resident.objects.visible_to(mentor_user).order_by().values("pk").query.sql_with_params()
        )
    except EmptyResultSet:
        return []
    where, params = [f"r.id IN ({scope_sql})"], list(scope_params)
    if resident_id is not None:
        where.append("r.id = %s")
        params.append(resident_id)
    return _cards(mentor_user=mentor_user, now=now, where=" AND ".join(where), params=params)


def ticked_mentee_card(*, mentor_user, tick: Tick, now: datetime.datetime) -> MenteeCard:
    """The card of the mentee a tick was just recorded (or found again) for.

    ``tick_record`` returns a tick only after locking the mentee's active assignment with this
    mentor, in this request: that check stands for the scope, so the card is read by the
    person's id alone (the scope's subquery cost more to build than the card's query to run).
    """
    cards = _cards(mentor_user=mentor_user, now=now, where="r.id = %s", params=[tick.resident_id])
    return cards[0]


def _cards(*, mentor_user, now: datetime.datetime, where: str, params: list) -> list[MenteeCard]:
    sql = _cards_sql() + where + " ORDER BY r.name_folded, r.id"
    with connection.cursor() as cursor:
        # Parameters in the order of their placeholders: the SELECT list's, then the WHERE's.
        cursor.execute(sql, [mentor_user.pk, now - UNDO_WINDOW, *params])
        rows = cursor.fetchall()
    residents: dict[int, tuple[Resident, list[tuple[Lesson, bool, uuid.UUID | None]]]] = {}
    lessons: dict[int, Lesson] = {}
    width = len(RESIDENT_FIELDS)
    for row in rows:
        person = residents.get(row[0])
        if person is None:
            resident = Resident.from_db(DEFAULT_DB_ALIAS, RESIDENT_FIELDS, row[:width])
            person = residents[row[0]] = (resident, [])
        lesson_values = row[width : width + len(LESSON_FIELDS)]
        if lesson_values[0] is None:  # no active lesson at all
            continue
        lesson = lessons.get(lesson_values[0])
        if lesson is None:
            lesson = lessons[lesson_values[0]] = Lesson.from_db(
                DEFAULT_DB_ALIAS, LESSON_FIELDS, lesson_values
            )
        done, undo_key = row[-2:]
        person[1].append((lesson, done, undo_key))
    core_total = sum(1 for lesson in lessons.values() if lesson.track == Track.CORE)
    cards = []
    for resident, rows_of_person in residents.values():
        card = MenteeCard(resident=resident, core_total=core_total)
        for lesson, done, undo_key in sorted(rows_of_person, key=lambda r: _lesson_order(r[0])):
            if done:
                card.done.append(DoneLesson(lesson=lesson, undo_key=undo_key))
            else:
                card.to_do.append(lesson)
        cards.append(card)
    return cards
