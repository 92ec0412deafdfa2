"""seed_demo's classes step: proportional to the residents, idempotent, deterministic."""

from __future__ import annotations

import datetime
import io
import random
from unittest import mock

from django.utils import timezone

from households.models import Resident
from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import ClassSession, Completion, Track
from literacy.demo import bulk
from literacy.demo.classes import _plan_ward, seed_classes

from .factories import LessonFactory


def _world(ward, adults: int):
    LessonFactory.create_batch(4, track=Track.CORE)
    LessonFactory(track=Track.FOUR_T)
    household = HouseholdFactory(hamlet=HamletFactory(ward=ward, name="Khu phố 1"))
    ResidentFactory.create_batch(adults, household=household)
    ResidentFactory(household=household, date_of_birth=timezone.localdate())  # a baby


def test_seed_adds_about_one_class_per_20_residents_and_trains_some(ward_a):
    _world(ward_a, 200)
    out = io.StringIO()
    made = seed_classes(rng=random.Random(7), residents=200, stdout=out)
    assert made == ClassSession.objects.count()
    assert made == 201 // 20  # 201 residents: five courses of two classes
    trained = Resident.objects.trained().count()
    assert 0 < trained < 200
    assert Completion.objects.filter(source="class", class_session__isnull=False).count() > 0
    assert not Completion.objects.filter(resident__date_of_birth__gt=datetime.date(2010, 1, 1))
    assert "Classes:" in out.getvalue()


def test_seed_twice_adds_nothing_the_second_time(ward_a):
    _world(ward_a, 60)
    seed_classes(rng=random.Random(7), residents=60, stdout=io.StringIO())
    counts = (ClassSession.objects.count(), Completion.objects.count())
    again = seed_classes(rng=random.Random(7), residents=60, stdout=io.StringIO())
    assert again == 0
    assert (ClassSession.objects.count(), Completion.objects.count()) == counts


def test_plan_is_the_same_for_the_same_seed():
    adults, core, four_t = {1: list(range(1, 90)), 2: list(range(90, 130))}, [1, 2, 3, 4, 5], [9]
    today = datetime.date(2026, 5, 1)
    first = _plan_ward(random.Random(3), 300, adults, core, four_t, today)
    assert first == _plan_ward(random.Random(3), 300, adults, core, four_t, today)
    assert first != _plan_ward(random.Random(4), 300, adults, core, four_t, today)
    assert len(first) == 300 // 20  # five courses of three classes
    assert all(starts_at.date() < today for _hamlet, (starts_at, *_rest) in first)


def test_seed_without_residents_or_lessons_does_nothing_and_says_so(ward_a):
    out = io.StringIO()
    assert seed_classes(rng=random.Random(1), residents=0, stdout=out) == 0
    assert "skipped" in out.getvalue()
    assert not ClassSession.objects.exists()


def _assert_completions_come_from_attended_classes():
    """Every seeded completion is the earliest class that covered the lesson for an attendee."""
    assert Completion.objects.exists()
    for completion in Completion.objects.select_related("class_session"):
        session = completion.class_session
        assert completion.completed_at == session.starts_at
        assert session.lessons.filter(pk=completion.lesson_id).exists()
        assert session.attendance.filter(resident_id=completion.resident_id).exists()
        earlier = ClassSession.objects.filter(
            starts_at__lt=session.starts_at,
            lessons=completion.lesson_id,
            attendance__resident_id=completion.resident_id,
        )
        assert not earlier.exists()


def test_seeded_rows_link_up_when_copied(ward_a):
    _world(ward_a, 80)
    seed_classes(rng=random.Random(5), residents=80, stdout=io.StringIO())
    assert all(session.created_at and session.notes == "" for session in ClassSession.objects.all())
    _assert_completions_come_from_attended_classes()


def test_seed_keeps_a_completion_that_already_exists(ward_a):
    """A lesson a mentor already ticked stays as it was; the seed adds the others."""
    _world(ward_a, 40)
    seed_classes(rng=random.Random(2), residents=40, stdout=io.StringIO())
    seeded = Completion.objects.order_by("pk").first()  # the same plan will give it again
    resident, lesson = seeded.resident, seeded.lesson
    ticked_at = timezone.now() - datetime.timedelta(days=400)
    Completion.objects.all().delete()
    ClassSession.objects.all().delete()
    Completion.objects.create(
        resident=resident,
        lesson=lesson,
        completed_at=ticked_at,
        source="mentor",
        ticked_at=ticked_at,
    )
    with mock.patch.object(bulk, "copy_in", wraps=bulk.copy_in) as copy_in:
        seed_classes(rng=random.Random(2), residents=40, stdout=io.StringIO())
    assert copy_in.called
    kept = Completion.objects.get(resident=resident, lesson=lesson)
    assert (kept.source, kept.completed_at, kept.class_session) == ("mentor", ticked_at, None)
    assert Completion.objects.filter(source="class").count() == Completion.objects.count() - 1
