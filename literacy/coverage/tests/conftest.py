"""Fixtures for the coverage tests: a small programme area on a pinned day."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import Track
from lessons.tests.factories import LessonFactory
from mentors.tests.factories import AssignmentFactory, MentorFactory

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
#: The day the coverage tests run on (mid-morning in Vietnam), whatever the machine's date.
NOW = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=VIETNAM)


@pytest.fixture
def on_the_day():
    """The clock stopped at :data:`NOW`; ``.shift(timedelta)`` moves it."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def curriculum(db):
    """Two core lessons, one 4T lesson and one extra lesson."""
    return SimpleNamespace(
        vneid=LessonFactory(code="cov-vneid", track=Track.CORE),
        scams=LessonFactory(code="cov-scams", track=Track.CORE),
        shop=LessonFactory(code="cov-shop", track=Track.FOUR_T),
        family=LessonFactory(code="cov-family", track=Track.EXTRA),
    )


@pytest.fixture
def area(wards, curriculum, on_the_day):
    """Ward A with two hamlets, ward B with one; people of every kind; a mentor in ward A."""
    ward_a, ward_b = wards
    h1 = HamletFactory(ward=ward_a, name="Khu phố Một")
    h2 = HamletFactory(ward=ward_a, name="Khu phố Hai")
    h3 = HamletFactory(ward=ward_b, name="Ấp Ba")
    homes = [HouseholdFactory(hamlet=h) for h in (h1, h1, h2, h3)]
    born = datetime.date
    people = [
        ResidentFactory(household=homes[0], date_of_birth=born(1950, 1, 2), is_farmer=True),
        ResidentFactory(household=homes[0], date_of_birth=born(1985, 3, 4), vneid_level=2),
        ResidentFactory(household=homes[1], date_of_birth=born(2012, 5, 6)),
        ResidentFactory(
            household=homes[2],
            date_of_birth=born(1990, 7, 8),
            is_small_trader=True,
            has_ewallet=True,
        ),
        ResidentFactory(
            household=homes[3], date_of_birth=born(1970, 9, 10), is_ethnic_minority=True
        ),
        ResidentFactory(ward=ward_a, household=None, date_of_birth=born(2000, 11, 12)),
    ]
    mentor = MentorFactory(home_hamlet=h1)
    AssignmentFactory(mentor=mentor, mentee=people[1])
    return SimpleNamespace(
        ward_a=ward_a,
        ward_b=ward_b,
        hamlets=(h1, h2, h3),
        homes=homes,
        people=people,
        mentor=mentor,
    )
