"""seed_demo's mentors step: one mentor per six adults wanted, most at 5–10, ticks → progress."""

from __future__ import annotations

import datetime
import io
import random
from collections import Counter

import pytest
from django.utils import timezone

from households.models import Resident
from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import Completion, CompletionSource, Track
from lessons.tests.factories import LessonFactory
from literacy.demo.mentors import seed_mentors
from mentors.models import Assignment, CommunityTeam, Mentor, Tick
from mentors.selectors import mentors_with_load


@pytest.fixture
def ward_with_adults(ward_a):
    LessonFactory.create_batch(4, track=Track.CORE)
    for n in (1, 2):
        hamlet = HamletFactory(ward=ward_a, name=f"Khu phố {n}")
        for _ in range(150):
            household = HouseholdFactory(hamlet=hamlet)
            ResidentFactory.create_batch(2, household=household)
    return ward_a


def _seed() -> str:
    out = io.StringIO()
    seed_mentors(rng=random.Random(5), residents=600, stdout=out)
    return out.getvalue()


def test_about_one_mentor_per_six_adults_wanted_most_at_five_to_ten(ward_with_adults):
    _seed()
    mentors = Mentor.objects.count()
    assert mentors == 2 * round(300 * 0.6 / 6)  # two hamlets of 300 untrained adults
    loads = Counter(mentors_with_load(Mentor.objects.all()).values_list("mentee_count", flat=True))
    at_quota = sum(n for load, n in loads.items() if 5 <= load <= 10)
    under = sum(n for load, n in loads.items() if load < 5)
    assert at_quota >= 0.7 * mentors and under >= 1 and max(loads) <= 10
    assert Resident.objects.count() > Assignment.objects.count()  # some adults have no mentor
    assert CommunityTeam.objects.count() == 2


def test_mentees_are_from_the_mentors_hamlet_and_households_stay_together(ward_with_adults):
    _seed()
    assignments = Assignment.objects.select_related("mentor", "mentee__household")
    assert all(a.mentor.home_hamlet_id == a.mentee.household.hamlet_id for a in assignments)
    mentors_per_household = Counter()
    for household, _mentor in {(a.mentee.household_id, a.mentor_id) for a in assignments}:
        mentors_per_household[household] += 1
    split = sum(1 for n in mentors_per_household.values() if n > 1)
    assert split <= Mentor.objects.count()  # only where a mentor's load ends mid-household


def test_ticks_become_completions_dated_after_the_assignment_and_in_the_past(ward_with_adults):
    _seed()
    now = timezone.now()
    ticks = list(Tick.objects.select_related("mentor"))
    assert ticks
    starts = dict(Assignment.objects.values_list("mentee_id", "starts_at"))
    assert all(starts[t.resident_id] <= t.ticked_at < now for t in ticks)
    assert min(t.ticked_at for t in ticks) < now - datetime.timedelta(days=30)
    for tick in ticks[:20]:
        completion = Completion.objects.get(resident=tick.resident_id, lesson=tick.lesson_id)
        assert completion.source == CompletionSource.MENTOR
        assert completion.ticked_at is not None and completion.ticked_by_id == tick.mentor.user_id


def test_trained_flag_follows_the_seeded_ticks(ward_with_adults):
    _seed()
    core = 4
    done = Counter(
        Completion.objects.filter(lesson__track=Track.CORE).values_list("resident_id", flat=True)
    )
    complete = {pk for pk, n in done.items() if n == core}
    assert set(Resident.objects.trained().values_list("pk", flat=True)) == complete


def test_second_run_adds_nothing(ward_with_adults):
    _seed()
    counts = (Mentor.objects.count(), Assignment.objects.count(), Tick.objects.count())
    assert "0 created" in _seed()
    assert (Mentor.objects.count(), Assignment.objects.count(), Tick.objects.count()) == counts


def test_the_demo_mentor_login_guides_seven_in_the_first_ward(ward_with_adults):
    _seed()
    mentor = Mentor.objects.get(user__username="mentor")
    assert mentor.assignments.count() == 7
    assert mentor.team.lead.username == "totruong"
