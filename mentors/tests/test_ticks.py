"""A mentor's tick: one completion through the completion service, idempotent by the key."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from households.models import Resident
from households.tests.factories import ResidentFactory
from lessons.models import Completion, CompletionSource
from literacy.audit.models import AuditEvent
from mentors.models import Tick
from mentors.services.assignments import assignment_end
from mentors.services.ticks import tick_record

from .factories import MentorFactory


def _tick(mentor_user, mentee, lesson, *, key=None, at=None):
    """The mentor's tap on ``lesson`` for ``mentee`` (now, with a new key unless given)."""
    return tick_record(
        mentor_user=mentor_user,
        resident=mentee,
        lesson=lesson,
        key=key or uuid.uuid4(),
        ticked_at=at or datetime.datetime.now(datetime.UTC),
    )


def _progress_audits():
    return AuditEvent.objects.filter(object_type="completion", action="progress")


def test_tick_records_a_mentor_completion_at_the_time_of_the_tap(
    frozen_clock, mentor_user, mentee, lessons
):
    tapped = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=3)
    result = tick_record(
        mentor_user=mentor_user,
        resident=mentee,
        lesson=lessons[0],
        key=uuid.uuid4(),
        ticked_at=tapped,
    )
    completion = Completion.objects.get(resident=mentee, lesson=lessons[0])
    assert result.is_new
    assert completion.source == CompletionSource.MENTOR
    assert completion.completed_at == tapped
    assert completion.ticked_by == mentor_user
    assert result.tick.ticked_at == tapped
    assert result.tick.received_at == datetime.datetime.now(datetime.UTC)
    assert _progress_audits().count() == 1


def test_same_key_twice_gives_one_tick_one_completion_one_audit(mentor_user, mentee, lessons):
    key, now = uuid.uuid4(), datetime.datetime.now(datetime.UTC)
    first = tick_record(
        mentor_user=mentor_user, resident=mentee, lesson=lessons[0], key=key, ticked_at=now
    )
    again = tick_record(
        mentor_user=mentor_user, resident=mentee, lesson=lessons[0], key=str(key), ticked_at=now
    )
    assert first.is_new and not again.is_new
    assert again.tick.pk == first.tick.pk
    assert Tick.objects.count() == 1
    assert Completion.objects.filter(resident=mentee).count() == 1
    assert _progress_audits().count() == 1


def test_ticking_every_core_lesson_makes_the_mentee_trained(mentor_user, mentee, lessons):
    now = datetime.datetime.now(datetime.UTC)
    for lesson in lessons:
        tick_record(
            mentor_user=mentor_user,
            resident=mentee,
            lesson=lesson,
            key=uuid.uuid4(),
            ticked_at=now,
        )
    assert Resident.objects.get(pk=mentee.pk).is_trained


def test_a_second_key_for_a_ticked_lesson_adds_no_completion_and_no_audit(
    mentor_user, mentee, lessons
):
    now = datetime.datetime.now(datetime.UTC)
    for _ in range(2):
        tick_record(
            mentor_user=mentor_user,
            resident=mentee,
            lesson=lessons[0],
            key=uuid.uuid4(),
            ticked_at=now,
        )
    assert Completion.objects.filter(resident=mentee).count() == 1
    assert _progress_audits().count() == 1


def test_reusing_a_key_for_another_lesson_is_refused(mentor_user, mentee, lessons):
    key, now = uuid.uuid4(), datetime.datetime.now(datetime.UTC)
    tick_record(mentor_user=mentor_user, resident=mentee, lesson=lessons[0], key=key, ticked_at=now)
    with pytest.raises(ValidationError) as error:
        tick_record(
            mentor_user=mentor_user, resident=mentee, lesson=lessons[1], key=key, ticked_at=now
        )
    assert "key" in error.value.message_dict
    assert not Completion.objects.filter(lesson=lessons[1]).exists()


@pytest.mark.parametrize(
    ("offset", "field_message"),
    [
        (datetime.timedelta(hours=1), "future"),
        (-datetime.timedelta(days=31), "30 days"),
    ],
)
def test_ticks_in_the_future_or_long_ago_are_refused(
    frozen_clock, mentor_user, mentee, lessons, offset, field_message, settings
):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(ValidationError) as error:
        _tick(mentor_user, mentee, lessons[0], at=datetime.datetime.now(datetime.UTC) + offset)
    assert field_message in " ".join(error.value.message_dict["ticked_at"])
    assert not Tick.objects.exists() and not Completion.objects.exists()


def test_a_tick_queued_offline_last_week_is_accepted(frozen_clock, mentor_user, mentee, lessons):
    tapped = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=7)
    tick_record(
        mentor_user=mentor_user,
        resident=mentee,
        lesson=lessons[0],
        key=uuid.uuid4(),
        ticked_at=tapped,
    )
    assert Completion.objects.get(resident=mentee).completed_at == tapped


def test_mentor_cannot_tick_for_someone_elses_mentee(mentor_user, hamlet_a, lessons):
    other = MentorFactory(home_hamlet=hamlet_a)
    stranger = ResidentFactory(ward=hamlet_a.ward)
    from .factories import AssignmentFactory

    AssignmentFactory(mentor=other, mentee=stranger)
    with pytest.raises(Http404):
        tick_record(
            mentor_user=mentor_user,
            resident=stranger,
            lesson=lessons[0],
            key=uuid.uuid4(),
            ticked_at=datetime.datetime.now(datetime.UTC),
        )
    assert not Completion.objects.exists()


def test_mentor_cannot_tick_after_the_assignment_ended(mentor_user, ward_official, mentee, lessons):
    assignment_end(by=ward_official, assignment=mentee.mentor_assignments.get())
    with pytest.raises(Http404):
        tick_record(
            mentor_user=mentor_user,
            resident=mentee,
            lesson=lessons[0],
            key=uuid.uuid4(),
            ticked_at=datetime.datetime.now(datetime.UTC),
        )
    assert not Completion.objects.exists()


def test_tick_on_a_lesson_a_class_gave_keeps_one_completion_and_audits_the_tick(
    mentor_user, mentee, lessons
):
    Completion.objects.create(
        resident=mentee,
        lesson=lessons[0],
        completed_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=2),
        source=CompletionSource.CLASS,
    )
    tick_record(
        mentor_user=mentor_user,
        resident=mentee,
        lesson=lessons[0],
        key=uuid.uuid4(),
        ticked_at=datetime.datetime.now(datetime.UTC),
    )
    completion = Completion.objects.get(resident=mentee)
    assert completion.ticked_by == mentor_user
    assert _progress_audits().count() == 1


def test_a_lesson_out_of_the_catalogue_is_refused_and_nothing_is_stored(
    mentor_user, mentee, lessons
):
    lessons[0].is_active = False
    lessons[0].save(update_fields=["is_active"])
    with pytest.raises(ValidationError) as refused:
        _tick(mentor_user, mentee, lessons[0])
    assert "lesson" in refused.value.message_dict
    assert not Tick.objects.exists()
    assert not Completion.objects.exists()
    assert not _progress_audits().exists()


def test_a_retry_answers_with_the_stored_tick_even_once_the_lesson_left_the_catalogue(
    mentor_user, mentee, lessons
):
    key, at = uuid.uuid4(), datetime.datetime.now(datetime.UTC)
    first = _tick(mentor_user, mentee, lessons[0], key=key, at=at)
    lessons[0].is_active = False
    lessons[0].save(update_fields=["is_active"])
    again = _tick(mentor_user, mentee, lessons[0], key=key, at=at)
    assert first.is_new and not again.is_new
    assert again.tick.pk == first.tick.pk
    assert Completion.objects.filter(resident=mentee).count() == 1
    assert _progress_audits().count() == 1
