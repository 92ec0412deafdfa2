"""Classes and completions: saving records them; edits and deletes withdraw exactly the ones
only this class gave, and keep those another class or a mentor's tick also supports."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import Completion, CompletionSource
from lessons.services.classes import class_create, class_delete, class_update
from lessons.services.completions import completion_record, completion_untick
from literacy.audit.models import AuditEvent

from .factories import LessonFactory


@pytest.fixture
def hamlet(ward_a):
    return HamletFactory(ward=ward_a, name="Khu phố 1")


@pytest.fixture
def people(hamlet):
    household = HouseholdFactory(hamlet=hamlet)
    return ResidentFactory.create_batch(3, household=household)


@pytest.fixture
def lessons(db):
    return LessonFactory.create_batch(3)


def _log(by, hamlet, lessons, attendees, days_ago=1, **extra):
    return class_create(
        by=by,
        hamlet=hamlet,
        starts_at=timezone.now() - datetime.timedelta(days=days_ago),
        lessons=lessons,
        attendees=attendees,
        **extra,
    )


def _edit(class_session, by, *, lessons, attendees):
    return class_update(
        class_session=class_session,
        by=by,
        hamlet=class_session.hamlet,
        starts_at=class_session.starts_at,
        lessons=lessons,
        attendees=attendees,
    )


def _pairs():
    return set(Completion.objects.values_list("resident_id", "lesson_id"))


def test_saving_a_class_completes_every_attendee_for_every_lesson(
    ward_official, hamlet, people, lessons
):
    session = _log(ward_official, hamlet, lessons[:2], people)
    assert _pairs() == {(r.pk, lesson.pk) for r in people for lesson in lessons[:2]}
    assert set(Completion.objects.values_list("class_session", flat=True)) == {session.pk}
    assert set(Completion.objects.values_list("completed_at", flat=True)) == {session.starts_at}
    assert session.ward_id == hamlet.ward_id


def test_saving_a_class_leaves_existing_completions_untouched(
    ward_official, mentor_user, hamlet, people, lessons
):
    ticked = completion_record(
        resident=people[0], lesson=lessons[0], by=mentor_user, source="mentor"
    )
    _log(ward_official, hamlet, lessons[:1], people)
    ticked_after = Completion.objects.get(pk=ticked.pk)
    assert ticked_after.source == CompletionSource.MENTOR
    assert ticked_after.class_session is None
    assert ticked_after.completed_at == ticked.completed_at


def test_removing_an_attendee_withdraws_only_their_completions(
    ward_official, hamlet, people, lessons
):
    session = _log(ward_official, hamlet, lessons[:2], people)
    _edit(session, ward_official, lessons=lessons[:2], attendees=people[1:])
    assert _pairs() == {(r.pk, lesson.pk) for r in people[1:] for lesson in lessons[:2]}


def test_removing_a_lesson_withdraws_it_for_every_attendee(ward_official, hamlet, people, lessons):
    session = _log(ward_official, hamlet, lessons[:2], people)
    _edit(session, ward_official, lessons=lessons[:1], attendees=people)
    assert _pairs() == {(r.pk, lessons[0].pk) for r in people}


def test_adding_attendees_and_lessons_records_the_new_completions(
    ward_official, hamlet, people, lessons
):
    session = _log(ward_official, hamlet, lessons[:1], people[:1])
    _edit(session, ward_official, lessons=lessons[:2], attendees=people[:2])
    assert _pairs() == {(r.pk, lesson.pk) for r in people[:2] for lesson in lessons[:2]}


def test_completion_another_class_also_gave_stays_and_points_to_that_class(
    ward_official, hamlet, people, lessons
):
    first = _log(ward_official, hamlet, lessons[:1], people[:1], days_ago=5)
    second = _log(ward_official, hamlet, lessons[:1], people[:1], days_ago=2)
    assert Completion.objects.get().class_session == first
    _edit(first, ward_official, lessons=lessons[:1], attendees=[])
    completion = Completion.objects.get()
    assert completion.class_session == second
    assert completion.completed_at == second.starts_at
    assert completion.source == CompletionSource.CLASS


def test_completion_a_mentor_also_ticked_stays_as_the_mentors(
    ward_official, mentor_user, hamlet, people, lessons
):
    session = _log(ward_official, hamlet, lessons[:1], people[:1])
    completion_record(resident=people[0], lesson=lessons[0], by=mentor_user, source="mentor")
    assert Completion.objects.get().source == CompletionSource.CLASS  # the class came first
    _edit(session, ward_official, lessons=lessons[:1], attendees=[])
    completion = Completion.objects.get()
    assert completion.source == CompletionSource.MENTOR
    assert completion.class_session is None
    assert completion.recorded_by == mentor_user
    assert completion.completed_at == completion.ticked_at


def test_a_class_that_did_not_cover_the_lesson_does_not_keep_it(
    ward_official, hamlet, people, lessons
):
    session = _log(ward_official, hamlet, lessons[:2], people[:1], days_ago=5)
    _log(ward_official, hamlet, lessons[2:], people[:1], days_ago=2)  # attended, other lesson
    _edit(session, ward_official, lessons=lessons[:1], attendees=people[:1])
    assert _pairs() == {(people[0].pk, lessons[0].pk), (people[0].pk, lessons[2].pk)}


def test_deleting_a_class_withdraws_its_completions_and_repoints_shared_ones(
    ward_official, hamlet, people, lessons
):
    doomed = _log(ward_official, hamlet, lessons[:2], people[:2], days_ago=5)
    other = _log(ward_official, hamlet, lessons[:1], people[:1], days_ago=2)
    class_delete(class_session=doomed, by=ward_official)
    completion = Completion.objects.get()
    assert (completion.resident_id, completion.lesson_id) == (people[0].pk, lessons[0].pk)
    assert completion.class_session == other
    assert AuditEvent.objects.filter(object_type="class", action="delete").count() == 1


def test_withdrawals_are_audited_one_row_each(ward_official, hamlet, people, lessons):
    session = _log(ward_official, hamlet, lessons[:2], people)
    before = AuditEvent.objects.filter(object_type="completion").count()
    _edit(session, ward_official, lessons=lessons[:1], attendees=people)
    withdrawn = AuditEvent.objects.filter(object_type="completion").count() - before
    assert withdrawn == len(people)


def test_removing_the_last_core_lesson_a_class_gave_untrains_the_attendee(
    ward_official, hamlet, people, lessons
):
    session = _log(ward_official, hamlet, lessons, people[:1])
    people[0].refresh_from_db()
    assert people[0].is_trained
    _edit(session, ward_official, lessons=lessons[:2], attendees=people[:1])
    people[0].refresh_from_db()
    assert not people[0].is_trained


def test_mentor_untick_keeps_a_completion_a_class_gave(
    ward_official, mentor_user, hamlet, people, lessons
):
    _log(ward_official, hamlet, lessons[:1], people[:1])
    completion_record(resident=people[0], lesson=lessons[0], by=mentor_user, source="mentor")
    completion_untick(resident=people[0], lesson=lessons[0], by=mentor_user)
    completion = Completion.objects.get()
    assert completion.ticked_at is None
    assert completion.source == CompletionSource.CLASS


def test_attendee_from_another_ward_is_refused_and_nothing_is_stored(
    ward_official, ward_b, hamlet, lessons
):
    stranger = ResidentFactory(ward=ward_b)
    with pytest.raises(ValidationError) as error:
        _log(ward_official, hamlet, lessons[:1], [stranger])
    assert "attendees" in error.value.message_dict
    assert not Completion.objects.exists()


def test_retired_lesson_cannot_be_added_but_stays_on_an_edited_class(
    ward_official, hamlet, people, lessons
):
    session = _log(ward_official, hamlet, lessons[:1], people[:1])
    lessons[0].is_active = False
    lessons[0].save()
    _edit(session, ward_official, lessons=lessons[:1], attendees=people)
    assert len(_pairs()) == len(people)
    with pytest.raises(ValidationError):
        _log(ward_official, hamlet, lessons[:1], people)


def test_future_class_takes_no_attendees(ward_official, hamlet, people, lessons):
    with pytest.raises(ValidationError) as error:
        _log(ward_official, hamlet, lessons[:1], people, days_ago=-2)
    assert "attendees" in error.value.message_dict
    planned = _log(ward_official, hamlet, lessons[:1], [], days_ago=-2)
    assert planned.pk and not Completion.objects.exists()
