"""A ward official's class to log through the API, the request the idempotency tests repeat."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.tests.factories import LessonFactory


@pytest.fixture
def class_payload(ward_a):
    """A class in ward A: 3 attendees × 2 lessons = 6 completions."""
    hamlet = HamletFactory(ward=ward_a, name="Ấp thử lại")
    people = ResidentFactory.create_batch(3, household=HouseholdFactory(hamlet=hamlet))
    lessons = LessonFactory.create_batch(2)
    return {
        "hamlet": hamlet.pk,
        "starts_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
        "venue": "Nhà văn hóa",
        "lessons": [lesson.pk for lesson in lessons],
        "attendees": [person.pk for person in people],
    }
