"""Demo data: classes and the completions they give, at the scale of ``--residents``.

About one class per 20 residents. Each hamlet runs *courses*: a short series of weekly evening
or weekend classes that together cover the core lessons two at a time, followed by a cohort of
~25 adults who each come to a class with probability 0.85 — so a realistic share (roughly a
quarter) ends up trained, others part-way. Some classes add a 4T lesson.

Set-based: classes, their lessons, attendance and completions are written per ward with COPY;
``is_trained`` is refreshed once in one UPDATE. Idempotent: a ward
that already has classes is skipped. Deterministic for a given seed and day (dates count back
from today so the calendar shows recent classes). One audit event per ward records the seeding
rather than one per demo completion.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from households.models import Resident, years_ago
from lessons.models import Attendance, ClassSession, Completion, CompletionSource, Lesson, Track
from lessons.services.training import residents_training_refresh
from literacy.areas.models import Ward
from literacy.audit.models import AuditAction, AuditEvent
from literacy.audit.services import AuditEntry, audit_record_many
from literacy.audit.summaries import summary_text
from literacy.coverage.models import CoverageChange
from literacy.table_statistics import tables_analyse

from .bulk import BATCH, for_each_ward, reserve_ids, write_rows

RESIDENTS_PER_CLASS = 20
COHORT_SIZE = 25
ATTENDANCE_RATE = 0.85
VENUES = [
    "Nhà văn hóa khu phố",
    "Công viên Phú Cường (wifi công cộng)",
    "Trụ sở UBND phường",
    "Hội trường ấp",
    "Trường tiểu học",
    "Nhà sinh hoạt cộng đồng",
]
#: (weekday offset, hour, minute): weekday evenings and weekend mornings.
SLOTS = [(0, 19, 0), (2, 19, 30), (4, 18, 30), (5, 8, 0), (6, 8, 30)]


def _class_times(rng: random.Random, count: int, today: datetime.date) -> list[datetime.datetime]:
    """Weekly classes of one course, the first 2–26 weeks ago, never in the future."""
    weekday, hour, minute = rng.choice(SLOTS)
    start = today - datetime.timedelta(weeks=rng.randint(count + 1, 26))
    start -= datetime.timedelta(days=start.weekday() - weekday)
    times = []
    for week in range(count):
        day = start + datetime.timedelta(weeks=week)
        naive = datetime.datetime.combine(day, datetime.time(hour, minute))
        times.append(timezone.make_aware(naive))
    return times


def _plan_course(rng, adults: list[int], core: list[int], four_t: list[int], today) -> list:
    """One course in a hamlet: [(starts_at, venue, lesson_ids, attendee_ids)] per class."""
    cohort = rng.sample(adults, min(len(adults), COHORT_SIZE))
    venue = rng.choice(VENUES)
    plans = []
    for index, starts_at in enumerate(_class_times(rng, math.ceil(len(core) / 2), today)):
        lessons = core[2 * index : 2 * index + 2]
        if four_t and rng.random() < 0.2:
            lessons = [*lessons, rng.choice(four_t)]
        came = [pk for pk in cohort if rng.random() < ATTENDANCE_RATE]
        walk_ins = rng.sample(adults, min(len(adults), 2))
        plans.append((starts_at, venue, lessons, sorted(set(came + walk_ins))))
    return plans


def _plan_ward(rng, residents: int, adults: dict, core, four_t, today) -> list:
    """Courses for a ward, about one class per 20 residents, in hamlets drawn by size."""
    hamlet_ids = sorted(h for h, people in adults.items() if people)
    per_course = math.ceil(len(core) / 2)
    courses = round(residents / (RESIDENTS_PER_CLASS * per_course)) if hamlet_ids else 0
    weights = [len(adults[h]) for h in hamlet_ids]
    chosen = rng.choices(hamlet_ids, weights=weights, k=courses) if courses else []
    return [
        (hamlet_id, plan)
        for hamlet_id in chosen
        for plan in _plan_course(rng, adults[hamlet_id], core, four_t, today)
    ]


def _create_sessions(ward: Ward, plans: list) -> list[int]:
    """Write the planned classes; return their ids in plan order."""
    with connection.cursor() as cursor:
        ids = reserve_ids(cursor, ClassSession._meta.db_table, len(plans))
    now = timezone.now()
    write_rows(
        ClassSession,
        ("id", "ward_id", "hamlet_id", "starts_at", "venue", "notes", "created_at", "updated_at"),
        [
            (session_id, ward.pk, hamlet_id, starts_at, venue, "", now, now)
            for session_id, (hamlet_id, (starts_at, venue, _l, _p)) in zip(ids, plans, strict=True)
        ],
    )
    return ids


@transaction.atomic
def _seed_ward(rng, ward: Ward, core, four_t, today) -> tuple[int, int]:
    people = Resident.objects.filter(ward=ward, household__hamlet__isnull=False)
    adults = defaultdict(list)
    rows = (
        people.filter(date_of_birth__lte=years_ago(16, today))
        .order_by("pk")
        .values_list("household__hamlet_id", "pk")
    )
    for hamlet_id, pk in rows.iterator(chunk_size=BATCH):
        adults[hamlet_id].append(pk)
    plans = _plan_ward(rng, people.count(), adults, core, four_t, today)
    if not plans:
        return 0, 0
    session_ids = _create_sessions(ward, plans)
    write_rows(
        ClassSession.lessons.through,
        ("classsession_id", "lesson_id"),
        [
            (session_id, lesson_id)
            for session_id, (_h, (_t, _v, lessons, _p)) in zip(session_ids, plans, strict=True)
            for lesson_id in lessons
        ],
    )
    write_rows(
        Attendance,
        ("class_session_id", "resident_id"),
        [
            (session_id, pk)
            for session_id, (_h, (_t, _v, _l, people)) in zip(session_ids, plans, strict=True)
            for pk in people
        ],
    )
    # The earliest class that covered a lesson gives the completion; existing ones (a mentor's
    # tick, a class logged by hand) are kept.
    first: dict[tuple[int, int], tuple[int, datetime.datetime]] = {}
    for session_id, (_h, (starts_at, _v, lessons, people)) in sorted(
        zip(session_ids, plans, strict=True), key=lambda pair: pair[1][1][0]
    ):
        for pk in people:
            for lesson_id in lessons:
                first.setdefault((pk, lesson_id), (session_id, starts_at))
    written = write_rows(
        Completion,
        ("resident_id", "lesson_id", "completed_at", "source", "class_session_id"),
        [
            (pk, lesson_id, starts_at, CompletionSource.CLASS.value, session_id)
            for (pk, lesson_id), (session_id, starts_at) in first.items()
        ],
        ignore_conflicts=True,
    )
    return len(session_ids), written


#: The audit summary of one ward's demo classes (stored in Vietnamese, see audit.summaries).
DEMO_SUMMARY = _("demo data: %(classes)d classes, %(completions)d completions")


def seed_classes(*, rng: random.Random, residents: int, stdout, workers: int = 1) -> int:
    """Add demo classes and completions for hamlets that have none yet; return classes made
    (``workers`` wards at a time, see :func:`.bulk.for_each_ward`)."""
    lessons = Lesson.objects.active().order_by("order", "code")
    core = list(lessons.filter(track=Track.CORE).values_list("pk", flat=True))
    four_t = list(lessons.filter(track=Track.FOUR_T).values_list("pk", flat=True))
    if not core or not Resident.objects.exists():
        stdout.write("Classes: skipped (no lessons or no residents yet).")
        return 0
    today = timezone.localdate()
    base = rng.random()
    busy = set(ClassSession.objects.values_list("ward_id", flat=True).distinct())
    wards = list(Ward.objects.exclude(pk__in=busy).order_by("code"))

    def seed_ward(ward: Ward) -> tuple[int, int]:
        return _seed_ward(random.Random(f"{base}-{ward.code}"), ward, core, four_t, today)

    made = completions = 0
    entries = []
    for ward, (classes, done) in zip(
        wards, for_each_ward(wards, seed_ward, workers=workers), strict=True
    ):
        made, completions = made + classes, completions + done
        if classes:
            entries.append(
                AuditEntry(
                    action=AuditAction.PROGRESS,
                    object_type="demo_classes",
                    object_id=ward.code,
                    ward_id=ward.pk,
                    summary=summary_text(DEMO_SUMMARY, classes=classes, completions=done),
                )
            )
    audit_record_many(actor=None, entries=entries)
    residents_training_refresh()
    tables_analyse(
        models=[
            ClassSession,
            ClassSession.lessons.through,
            Attendance,
            Completion,
            Resident,
            AuditEvent,
            CoverageChange,
        ]
    )
    trained = Resident.objects.trained().count()
    stdout.write(
        f"Classes: {made} created with {completions} completions "
        f"({len(busy)} wards already had classes); {trained} residents trained."
    )
    return made
