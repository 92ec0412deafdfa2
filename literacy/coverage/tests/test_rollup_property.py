"""Property: after any sequence of changes, an incremental run leaves every figure equal to a
direct SQL count over the raw tables.

Hypothesis draws sequences of what happens in the field (roster imports, mentors' ticks and
their undo — some made offline days ago —, classes logged, edited and deleted, mentees
reassigned, residents and households moved, a new core lesson, a VNeID activated, a mentor who
leaves, a 16th birthday, days passing) with incremental runs in between, all through the
services the portal uses. Each example runs in a savepoint that is rolled back.
"""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from households import services as household_services
from households.importing.service import residents_import
from households.models import ADULT_AGE, Household, Resident, years_ago
from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from households.tests.flags import wrong_digital_family_flags
from households.tests.import_files import csv_bytes, person
from lessons.models import ClassSession, Completion, CompletionSource, Lesson, Track
from lessons.services.catalogue import lesson_create
from lessons.services.classes import class_create, class_delete, class_update
from lessons.services.completions import completion_untick, completions_record
from lessons.tests.factories import LessonFactory
from literacy.coverage.rollup.runs import coverage_rollup_full, coverage_rollup_incremental
from mentors.models import Assignment, Mentor
from mentors.services.assignments import assignment_create, assignment_end
from mentors.services.mentors import mentor_leave
from mentors.tests.factories import MentorFactory

from .checks import rollup_mismatches
from .conftest import NOW

pick = st.integers(min_value=0, max_value=11)
days_ago = st.integers(min_value=0, max_value=3)


def _nth(queryset, index):
    items = list(queryset.order_by("pk"))
    return items[index % len(items)] if items else None


def _world(ward_a, ward_b):
    hamlets = [
        HamletFactory(ward=ward_a, name="Khu phố 1"),
        HamletFactory(ward=ward_a, name="Khu phố 2"),
        HamletFactory(ward=ward_b, name="Ấp 1"),
    ]
    homes = [HouseholdFactory(hamlet=hamlets[i % 3]) for i in range(6)]
    for i in range(8):
        ResidentFactory(
            household=homes[i % 6],
            date_of_birth=datetime.date(1960 + 6 * i, 1 + i, 3 + i),
            is_farmer=i % 3 == 0,
            is_small_trader=i % 4 == 1,
            is_ethnic_minority=i % 2 == 0,
        )
    # Turns 16 tomorrow: a day passing makes an adult of them.
    ResidentFactory(
        household=homes[1],
        date_of_birth=years_ago(ADULT_AGE, timezone.localdate()) + datetime.timedelta(days=1),
    )
    ResidentFactory(ward=ward_a, household=None, date_of_birth=datetime.date(1995, 2, 2))
    lessons = [
        LessonFactory(code=code, track=track)
        for code, track in (
            ("p-core-1", Track.CORE),
            ("p-core-2", Track.CORE),
            ("p-4t", Track.FOUR_T),
        )
    ]
    people = list(Resident.objects.order_by("pk"))
    # Some people are trained already (last week), one is half-way.
    completions_record(
        residents=people[:3] + people[6:8],
        lessons=lessons,
        by=None,
        source=CompletionSource.MENTOR,
        at=timezone.now() - datetime.timedelta(days=7),
    )
    completions_record(
        residents=people[3:4], lessons=lessons[:1], by=None, source=CompletionSource.MENTOR
    )
    mentors = [MentorFactory(home_hamlet=hamlets[0]), MentorFactory(home_hamlet=hamlets[2])]
    return SimpleNamespace(ward_a=ward_a, ward_b=ward_b, hamlets=hamlets, mentors=mentors)


def _lesson(index):
    return _nth(Lesson.objects.filter(is_active=True), index)


def do_import(world, seed, hamlet):
    rows = [
        person(
            full_name=f"Người Nhập {seed} {i}",
            date_of_birth=f"0{1 + i}/0{1 + seed % 9}/19{60 + seed % 40}",
            hamlet=world.hamlets[hamlet % 2].name,
            household_code=f"NK-{seed % 5}",
            is_head="x" if i == 0 else "",
            segments="Nông dân" if seed % 2 else "Tiểu thương",
            vneid=str(seed % 3),
        )
        for i in range(2)
    ]
    residents_import(ward=world.ward_a, file=io.BytesIO(csv_bytes(rows)), by=None)


def do_tick(world, who, lesson, ago):
    resident = _nth(Resident.objects.all(), who)
    at = timezone.now() - datetime.timedelta(days=ago, hours=ago)
    completions_record(
        residents=[resident],
        lessons=[_lesson(lesson)],
        by=None,
        source=CompletionSource.MENTOR,
        at=at,
    )


def do_train(world, who, ago):
    """Every active core lesson at once (the resident becomes trained on that day)."""
    resident = _nth(Resident.objects.all(), who)
    completions_record(
        residents=[resident],
        lessons=Lesson.objects.core(),
        by=None,
        source=CompletionSource.MENTOR,
        at=timezone.now() - datetime.timedelta(days=ago),
    )


def do_untick(world, who, lesson):
    completion = _nth(Completion.objects.filter(ticked_at__isnull=False), who + lesson)
    if completion:
        completion_untick(resident=completion.resident, lesson=completion.lesson, by=None)


def do_class(world, hamlet, who, lesson, ago):
    place = world.hamlets[hamlet % 3]
    people = list(Resident.objects.filter(ward=place.ward).order_by("pk"))
    attendees = people[who % max(len(people), 1) :][:3]
    class_create(
        by=None,
        hamlet=place,
        starts_at=timezone.now() - datetime.timedelta(days=ago * 5, hours=1),
        lessons=[_lesson(lesson)],
        attendees=attendees,
    )


def do_class_edit(world, which, who, lesson, ago):
    session = _nth(ClassSession.objects.all(), which)
    if session is None:
        return
    people = list(Resident.objects.filter(ward=session.ward).order_by("pk"))
    class_update(
        class_session=session,
        by=None,
        hamlet=session.hamlet,
        starts_at=timezone.now() - datetime.timedelta(days=ago * 9, hours=2),
        lessons=[_lesson(lesson)],
        attendees=people[who % max(len(people), 1) :][:2],
    )


def do_class_delete(world, which):
    session = _nth(ClassSession.objects.all(), which)
    if session:
        class_delete(class_session=session, by=None)


def do_reassign(world, who, mentor):
    chosen = _nth(Mentor.objects.filter(is_active=True), mentor)
    if chosen is None:
        return
    mentee = _nth(Resident.objects.adults().filter(ward=chosen.ward), who)
    if mentee is None:
        return
    current = Assignment.objects.active().filter(mentee=mentee).first()
    if current and current.mentor_id == chosen.pk:
        assignment_end(by=None, assignment=current)
    else:
        assignment_create(by=None, mentor=chosen, mentee=mentee, replace=True)


def do_move(world, who, home):
    resident = _nth(Resident.objects.all(), who)
    target = _nth(Household.objects.all(), home) if home % 5 else None
    household_services.resident_move(by=None, resident=resident, household=target)


def do_move_household(world, home, hamlet):
    household = _nth(Household.objects.all(), home)
    same_ward = [h for h in world.hamlets if h.ward_id == household.ward_id]
    household_services.household_update(
        by=None, household=household, hamlet=same_ward[hamlet % len(same_ward)]
    )


def do_vneid(world, who):
    resident = _nth(Resident.objects.all(), who)
    household_services.resident_update(
        by=None, resident=resident, vneid_level=2, has_bank_account=not resident.has_bank_account
    )


def do_core_lesson(world, seed):
    code = f"p-new-core-{seed}"
    if not Lesson.objects.filter(code=code).exists():
        lesson_create(by=None, code=code, title_vi="Bài mới", title_en="New lesson")


def do_mentor_leaves(world, mentor):
    chosen = _nth(Mentor.objects.filter(is_active=True), mentor)
    if chosen:
        mentor_leave(by=None, mentor=chosen)


OPERATIONS = st.one_of(
    st.tuples(st.just(do_import), pick, pick),
    st.tuples(st.just(do_tick), pick, pick, days_ago),
    st.tuples(st.just(do_tick), pick, pick, st.just(0)),
    st.tuples(st.just(do_train), pick, days_ago),
    st.tuples(st.just(do_untick), pick, pick),
    st.tuples(st.just(do_class), pick, pick, pick, days_ago),
    st.tuples(st.just(do_class_edit), pick, pick, pick, days_ago),
    st.tuples(st.just(do_class_delete), pick),
    st.tuples(st.just(do_reassign), pick, pick),
    st.tuples(st.just(do_move), pick, pick),
    st.tuples(st.just(do_move_household), pick, pick),
    st.tuples(st.just(do_vneid), pick),
    st.tuples(st.just(do_core_lesson), pick),
    st.tuples(st.just(do_mentor_leaves), pick),
    st.tuples(st.just("day"), st.integers(min_value=1, max_value=2)),
    st.tuples(st.just("run")),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(OPERATIONS, min_size=1, max_size=14))
def test_incremental_runs_match_the_raw_tables(wards, steps):
    with time_machine.travel(NOW, tick=False) as clock, transaction.atomic():
        world = _world(*wards)
        coverage_rollup_full(now=timezone.now())
        for step in steps:
            action, *arguments = step
            if action == "day":
                clock.shift(datetime.timedelta(days=arguments[0], hours=3))
            elif action == "run":
                coverage_rollup_incremental(now=timezone.now())
                assert rollup_mismatches(timezone.localdate()) == [], step
            else:
                action(world, *arguments)
                assert wrong_digital_family_flags() == [], step
        coverage_rollup_incremental(now=timezone.now())
        assert rollup_mismatches(timezone.localdate()) == []
        transaction.set_rollback(True)
