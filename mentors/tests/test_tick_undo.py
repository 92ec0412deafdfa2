"""Undoing a tick: within 24 hours, only by the mentor who made it, idempotent."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from households.models import Resident
from lessons.models import Completion, CompletionSource
from literacy.audit.models import AuditEvent
from mentors.services.ticks import tick_record, tick_undo

from .factories import MentorFactory


@pytest.fixture
def ticked(frozen_clock, mentor_user, mentee, lessons):
    """Dung ticked both core lessons for the mentee just now (so the mentee is trained)."""
    now = datetime.datetime.now(datetime.UTC)
    return [
        tick_record(
            mentor_user=mentor_user,
            resident=mentee,
            lesson=lesson,
            key=uuid.uuid4(),
            ticked_at=now,
        ).tick
        for lesson in lessons
    ]


def test_undo_within_24_hours_withdraws_the_completion_and_the_trained_flag(
    frozen_clock, ticked, mentor_user, mentee
):
    assert Resident.objects.get(pk=mentee.pk).is_trained
    frozen_clock.shift(datetime.timedelta(hours=23, minutes=59))
    result = tick_undo(mentor_user=mentor_user, key=ticked[0].key)
    assert result.tick.is_undone
    assert not Completion.objects.filter(resident=mentee, lesson=ticked[0].lesson).exists()
    assert not Resident.objects.get(pk=mentee.pk).is_trained


def test_undo_after_24_hours_is_refused_and_keeps_the_completion(
    frozen_clock, ticked, mentor_user, mentee
):
    frozen_clock.shift(datetime.timedelta(hours=24, minutes=1))
    with pytest.raises(ValidationError) as error:
        tick_undo(mentor_user=mentor_user, key=ticked[0].key)
    assert "undone_at" in error.value.message_dict
    assert Completion.objects.filter(resident=mentee, lesson=ticked[0].lesson).exists()


def test_undo_made_offline_within_24_hours_counts_when_it_arrives_later(
    frozen_clock, ticked, mentor_user, mentee
):
    tapped_undo = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=20)
    frozen_clock.shift(datetime.timedelta(hours=30))
    result = tick_undo(mentor_user=mentor_user, key=ticked[0].key, undone_at=tapped_undo)
    assert result.tick.undone_at == tapped_undo
    assert not Completion.objects.filter(resident=mentee, lesson=ticked[0].lesson).exists()


def test_undo_twice_changes_nothing_the_second_time(ticked, mentor_user):
    tick_undo(mentor_user=mentor_user, key=ticked[0].key)
    audits = AuditEvent.objects.count()
    again = tick_undo(mentor_user=mentor_user, key=ticked[0].key)
    assert not again.is_new and again.tick.is_undone
    assert AuditEvent.objects.count() == audits


def test_undo_is_audited_once(ticked, mentor_user):
    before = AuditEvent.objects.filter(object_type="completion").count()
    tick_undo(mentor_user=mentor_user, key=ticked[0].key)
    assert AuditEvent.objects.filter(object_type="completion").count() == before + 1


def test_another_mentor_cannot_undo_the_tick(ticked, hamlet_a, mentee):
    other = MentorFactory(home_hamlet=hamlet_a)
    with pytest.raises(Http404):
        tick_undo(mentor_user=other.user, key=ticked[0].key)
    assert Completion.objects.filter(resident=mentee).count() == 2


def test_the_next_mentor_cannot_undo_the_previous_mentors_tick(
    ticked, hamlet_a, mentee, ward_official
):
    from mentors.services.assignments import assignment_create

    successor = MentorFactory(home_hamlet=hamlet_a)
    assignment_create(by=ward_official, mentor=successor, mentee=mentee, replace=True)
    with pytest.raises(Http404):
        tick_undo(mentor_user=successor.user, key=ticked[0].key)


def test_undo_by_completion_finds_the_standing_tick(ticked, mentor_user, mentee):
    completion = Completion.objects.get(resident=mentee, lesson=ticked[1].lesson)
    tick_undo(mentor_user=mentor_user, completion=completion)
    assert not Completion.objects.filter(pk=completion.pk).exists()


def test_undo_by_completion_after_a_re_tick_undoes_the_new_tick(
    frozen_clock, ticked, mentor_user, mentee
):
    """Ticked, undone, ticked again: the standing tick is the one undone, not the old one."""
    lesson = ticked[1].lesson
    tick_undo(mentor_user=mentor_user, key=ticked[1].key)
    frozen_clock.shift(datetime.timedelta(minutes=5))
    again = tick_record(
        mentor_user=mentor_user,
        resident=mentee,
        lesson=lesson,
        key=uuid.uuid4(),
        ticked_at=datetime.datetime.now(datetime.UTC),
    ).tick
    completion = Completion.objects.get(resident=mentee, lesson=lesson)
    result = tick_undo(mentor_user=mentor_user, completion=completion)
    assert result.tick.key == again.key and result.tick.is_undone
    assert not Completion.objects.filter(resident=mentee, lesson=lesson).exists()


def test_undo_keeps_a_completion_a_class_also_gave(frozen_clock, mentor_user, mentee, lessons):
    Completion.objects.create(
        resident=mentee,
        lesson=lessons[0],
        completed_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1),
        source=CompletionSource.CLASS,
    )
    tick = tick_record(
        mentor_user=mentor_user,
        resident=mentee,
        lesson=lessons[0],
        key=uuid.uuid4(),
        ticked_at=datetime.datetime.now(datetime.UTC),
    ).tick
    tick_undo(mentor_user=mentor_user, key=tick.key)
    completion = Completion.objects.get(resident=mentee, lesson=lessons[0])
    assert completion.ticked_at is None and completion.source == CompletionSource.CLASS


def test_undo_also_undoes_the_same_tap_from_a_second_device(
    frozen_clock, mentor_user, mentee, lessons
):
    now = datetime.datetime.now(datetime.UTC)
    first, second = (
        tick_record(
            mentor_user=mentor_user,
            resident=mentee,
            lesson=lessons[0],
            key=uuid.uuid4(),
            ticked_at=now,
        ).tick
        for _ in range(2)
    )
    tick_undo(mentor_user=mentor_user, key=first.key)
    second.refresh_from_db()
    assert second.is_undone
    again = tick_undo(mentor_user=mentor_user, key=second.key)
    assert not again.is_new


def test_undo_of_an_unknown_key_is_not_found(mentor_user, mentee):
    with pytest.raises(Http404):
        tick_undo(mentor_user=mentor_user, key=uuid.uuid4())


def test_an_undo_claimed_long_ago_is_refused_when_it_arrives_days_later(
    frozen_clock, ticked, mentor_user, mentee
):
    """The phone's word alone cannot take back an old tick: an offline undo must arrive within
    72 hours of its tap."""
    claimed = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    frozen_clock.shift(datetime.timedelta(days=20))
    with pytest.raises(ValidationError) as error:
        tick_undo(mentor_user=mentor_user, key=ticked[0].key, undone_at=claimed)
    assert "undone_at" in error.value.message_dict
    assert Completion.objects.filter(resident=mentee, lesson=ticked[0].lesson).exists()


def test_undoing_a_tick_leaves_the_previous_mentors_tick_and_the_completion(
    frozen_clock, ticked, hamlet_a, mentee, ward_official
):
    from mentors.services.assignments import assignment_create

    successor = MentorFactory(home_hamlet=hamlet_a)
    assignment_create(by=ward_official, mentor=successor, mentee=mentee, replace=True)
    again = tick_record(
        mentor_user=successor.user,
        resident=mentee,
        lesson=ticked[0].lesson,
        key=uuid.uuid4(),
        ticked_at=datetime.datetime.now(datetime.UTC),
    ).tick
    tick_undo(mentor_user=successor.user, key=again.key)
    ticked[0].refresh_from_db()
    assert not ticked[0].is_undone
    assert Completion.objects.filter(resident=mentee, lesson=ticked[0].lesson).exists()
