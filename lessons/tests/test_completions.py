"""The progress record: one completion per (resident, lesson), mentor ticks, audit."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from households.models import Resident
from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import Completion, CompletionSource
from lessons.services.completions import completion_record, completion_untick, completions_record
from literacy.audit.models import AuditEvent

from .factories import LessonFactory


@pytest.fixture
def resident(ward_a):
    household = HouseholdFactory(hamlet=HamletFactory(ward=ward_a))
    return ResidentFactory(household=household, full_name="Nguyễn Thị Hoa")


def test_database_refuses_a_second_completion_of_the_same_lesson(resident, mentor_user):
    lesson = LessonFactory()
    completion_record(resident=resident, lesson=lesson, by=mentor_user, source="mentor")
    with pytest.raises(IntegrityError), transaction.atomic():
        Completion.objects.create(
            resident=resident,
            lesson=lesson,
            completed_at=timezone.now(),
            source=CompletionSource.MENTOR,
            ticked_at=timezone.now(),
        )


def test_database_refuses_a_mentor_completion_without_a_tick(resident):
    with pytest.raises(IntegrityError), transaction.atomic():
        Completion.objects.create(
            resident=resident,
            lesson=LessonFactory(),
            completed_at=timezone.now(),
            source=CompletionSource.MENTOR,
        )


def test_recording_again_keeps_the_first_completion(resident, mentor_user):
    lesson = LessonFactory()
    first = completion_record(resident=resident, lesson=lesson, by=mentor_user, source="mentor")
    later = timezone.now() + timezone.timedelta(days=3)
    again = completion_record(
        resident=resident, lesson=lesson, by=mentor_user, source="mentor", at=later
    )
    assert again.pk == first.pk
    assert again.completed_at == first.completed_at
    assert Completion.objects.count() == 1


def test_bulk_record_completes_every_resident_for_every_lesson_and_audits_each(ward_a, mentor_user):
    residents = ResidentFactory.create_batch(3, ward=ward_a)
    lessons = LessonFactory.create_batch(2)
    changes = completions_record(
        residents=residents, lessons=lessons, by=mentor_user, source="mentor"
    )
    assert changes.created == 6
    assert Completion.objects.count() == 6
    audited = AuditEvent.objects.filter(object_type="completion", action="progress")
    assert audited.count() == 6
    assert set(audited.values_list("ward_id", flat=True)) == {ward_a.pk}


def test_completing_every_core_lesson_marks_the_resident_trained(resident, mentor_user):
    core = LessonFactory.create_batch(2)
    LessonFactory(track="extra")
    completions_record(residents=[resident], lessons=core[:1], by=mentor_user, source="mentor")
    resident.refresh_from_db()
    assert not resident.is_trained
    completions_record(residents=[resident], lessons=core[1:], by=mentor_user, source="mentor")
    resident.refresh_from_db()
    assert resident.is_trained


def test_adding_a_core_lesson_untrains_until_it_is_completed(resident, mentor_user):
    from lessons.services.training import residents_training_refresh

    core = LessonFactory.create_batch(2)
    completions_record(residents=[resident], lessons=core, by=mentor_user, source="mentor")
    assert Resident.objects.trained().count() == 1
    new_core = LessonFactory(track="core")
    residents_training_refresh()
    assert Resident.objects.trained().count() == 0
    completion_record(resident=resident, lesson=new_core, by=mentor_user, source="mentor")
    assert Resident.objects.trained().count() == 1


def test_untick_withdraws_a_completion_only_the_mentor_gave(resident, mentor_user):
    lesson = LessonFactory()
    completion_record(resident=resident, lesson=lesson, by=mentor_user, source="mentor")
    changes = completion_untick(resident=resident, lesson=lesson, by=mentor_user)
    assert changes.withdrawn == 1
    assert not Completion.objects.exists()


def test_unknown_source_is_refused(resident, mentor_user):
    with pytest.raises(ValueError):
        completion_record(resident=resident, lesson=LessonFactory(), by=mentor_user, source="x")
