"""Catalogue writes: audited, ordered, and the trained numbers follow the core set."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from households.models import Resident
from households.tests.factories import ResidentFactory
from lessons.models import Completion, CompletionSource, Lesson, Track
from lessons.services import catalogue as services
from lessons.services.training import residents_training_refresh
from lessons.tasks import residents_training_refresh_task
from lessons.tests.factories import LessonFactory
from literacy.audit.models import AuditEvent


def _complete(resident, *lessons):
    for lesson in lessons:
        Completion.objects.create(
            resident=resident,
            lesson=lesson,
            completed_at=timezone.now(),
            source=CompletionSource.CLASS,
        )


def test_adding_a_core_lesson_recounts_the_trained_after_the_commit_as_a_task(
    trained_resident, provincial_user, django_capture_on_commit_callbacks
):
    """Recounting everyone takes tens of seconds at province scale: not inside the request."""
    with django_capture_on_commit_callbacks() as callbacks:
        lesson = services.lesson_create(
            by=provincial_user, code="moi", title_vi="Bài mới", title_en="New", track=Track.CORE
        )
        assert Resident.objects.trained().count() == 1  # not inside the transaction
    assert callbacks == [residents_training_refresh_task.delay]
    callbacks[0]()  # the worker's turn (eager in tests)
    assert Resident.objects.trained().count() == 0
    with django_capture_on_commit_callbacks() as callbacks:
        services.lesson_update(lesson=lesson, by=provincial_user, changes={"title_en": "Newer"})
    assert callbacks == []  # the core set did not change: no recount
    event = AuditEvent.objects.get(object_type="lesson", object_id=str(lesson.pk), action="create")
    assert (event.action, event.actor) == ("create", provincial_user)
    assert event.after["code"] == "moi"


def test_adding_an_extra_lesson_leaves_trained_residents_trained(trained_resident, provincial_user):
    services.lesson_create(
        by=provincial_user, code="them", title_vi="Bài thêm", title_en="Extra", track=Track.EXTRA
    )
    assert Resident.objects.trained().count() == 1


def test_moving_a_lesson_into_the_core_track_changes_who_is_trained(
    trained_resident, provincial_user, django_capture_on_commit_callbacks
):
    extra = LessonFactory(track=Track.EXTRA)
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_update(lesson=extra, by=provincial_user, changes={"track": Track.CORE})
    assert Resident.objects.trained().count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_update(lesson=extra, by=provincial_user, changes={"track": Track.FOUR_T})
    assert Resident.objects.trained().count() == 1
    event = AuditEvent.objects.filter(object_id=str(extra.pk)).latest("pk")
    assert (event.before["track"], event.after["track"]) == (Track.CORE, Track.FOUR_T)


def test_retiring_a_core_lesson_keeps_completions_and_stops_counting(
    ward_a, provincial_user, django_capture_on_commit_callbacks
):
    done, missing = LessonFactory(), LessonFactory()
    resident = ResidentFactory(ward=ward_a)
    _complete(resident, done)
    residents_training_refresh()
    assert Resident.objects.trained().count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_retire(lesson=missing, by=provincial_user)
    assert Resident.objects.trained().count() == 1
    missing.refresh_from_db()
    assert not missing.is_active and missing.retired_at is not None

    services.lesson_retire(lesson=done, by=provincial_user)
    assert Completion.objects.filter(resident=resident, lesson=done).exists()
    assert Lesson.objects.filter(pk=done.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_restore(lesson=missing, by=provincial_user)
    assert Resident.objects.trained().count() == 0
    assert AuditEvent.objects.filter(object_id=str(missing.pk), summary=f"{missing.code}: dạy lại")


def test_moving_down_and_up_swaps_neighbours_within_the_track(provincial_user):
    first, second, third = (LessonFactory(order=n) for n in (5, 5, 9))  # equal orders on purpose
    other_track = LessonFactory(track=Track.EXTRA, order=1)

    def codes():
        return list(Lesson.objects.filter(track=Track.CORE).values_list("code", flat=True))

    assert services.lesson_move(lesson=first, by=provincial_user, direction="down")
    assert codes() == [second.code, first.code, third.code]
    assert services.lesson_move(lesson=third, by=provincial_user, direction="up")
    assert codes() == [second.code, third.code, first.code]
    assert not services.lesson_move(lesson=second, by=provincial_user, direction="up")
    other_track.refresh_from_db()
    assert other_track.order == 1


def test_a_duplicate_code_is_refused_with_a_field_error(provincial_user):
    LessonFactory(code="trung")
    with pytest.raises(ValidationError) as excinfo:
        services.lesson_create(by=provincial_user, code="trung", title_vi="X", title_en="X")
    assert "code" in excinfo.value.message_dict
