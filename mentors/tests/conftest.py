"""Fixtures for the mentors tests: a hamlet, a mentor (Dung) with a mentee, a core lesson."""

from __future__ import annotations

import pytest

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.tests.factories import LessonFactory

from .factories import AssignmentFactory, MentorFactory


@pytest.fixture
def hamlet_a(ward_a):
    return HamletFactory(ward=ward_a, name="Khu phố 1")


@pytest.fixture
def mentor(mentor_user, hamlet_a):
    """Dung's mentor record (ward A, Khu phố 1)."""
    return MentorFactory(user=mentor_user, home_hamlet=hamlet_a, full_name="Phạm Văn Dũng")


@pytest.fixture
def mentee(hamlet_a, mentor):
    """An adult of ward A whom Dung guides (assigned 30 days ago)."""
    household = HouseholdFactory(hamlet=hamlet_a)
    resident = ResidentFactory(household=household, full_name="Trần Thị Học Trò")
    AssignmentFactory(mentor=mentor, mentee=resident)
    return resident


@pytest.fixture
def lessons(db):
    """Two core lessons: completing both makes a resident trained."""
    return [LessonFactory(code="vneid"), LessonFactory(code="scams")]
