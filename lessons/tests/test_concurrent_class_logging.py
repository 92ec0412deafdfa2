"""Classes logged at the same moment on PostgreSQL: each completion is written, and audited,
exactly once, whatever the number of parallel requests (the database decides, not a pre-read)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import ClassSession, Completion
from literacy.audit.models import AuditEvent
from literacy.audit.summaries import summary_text
from literacy.tests.concurrency import api_poster, in_parallel

from .factories import LessonFactory

#: The completion service's audit summary (translated by the lessons catalogue).
LESSON_COMPLETED = "lesson completed"

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 20


@pytest.fixture
def class_payload(ward_a):
    hamlet = HamletFactory(ward=ward_a, name="Ấp song song")
    people = ResidentFactory.create_batch(3, household=HouseholdFactory(hamlet=hamlet))
    lessons = LessonFactory.create_batch(2)
    return {
        "hamlet": hamlet.pk,
        "starts_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
        "lessons": [lesson.pk for lesson in lessons],
        "attendees": [person.pk for person in people],
    }


def _completion_audits() -> int:
    return AuditEvent.objects.filter(
        object_type="completion", summary=summary_text(_(LESSON_COMPLETED))
    ).count()


def test_parallel_classes_with_the_same_attendees_audit_each_completion_once(
    ward_official, class_payload
):
    post = api_poster(ward_official, "/api/v1/classes/")
    responses = in_parallel(PARALLEL, lambda _i: post(class_payload))
    assert [r.status_code for r in responses] == [201] * PARALLEL
    assert ClassSession.objects.count() == PARALLEL  # no key sent: each request is a new class
    written = Completion.objects.count()
    assert written == 3 * 2
    assert _completion_audits() == written
