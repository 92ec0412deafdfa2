from __future__ import annotations

import pytest
from django.utils import timezone

from households.models import Resident
from lessons.models import Completion, CompletionSource, Lesson, Track
from lessons.services import training
from lessons.services.training import residents_training_refresh


@pytest.fixture
def two_core_lessons(db):
    return [
        Lesson.objects.create(code=f"core-{i}", title_vi=f"Bài {i}", title_en=f"L{i}", order=i)
        for i in (1, 2)
    ]


def _complete(resident, lesson):
    Completion.objects.create(
        resident=resident,
        lesson=lesson,
        completed_at=timezone.now(),
        source=CompletionSource.MENTOR,
        ticked_at=timezone.now(),
    )


def test_trained_when_every_core_lesson_is_completed(ward_a, two_core_lessons):
    done = Resident.objects.create(ward=ward_a, full_name="Nguyễn Văn An")
    half = Resident.objects.create(ward=ward_a, full_name="Trần Thị Bình")
    for lesson in two_core_lessons:
        _complete(done, lesson)
    _complete(half, two_core_lessons[0])
    residents_training_refresh()
    assert list(Resident.objects.trained()) == [done]


def test_adding_a_core_lesson_untrains_until_it_is_completed(ward_a, two_core_lessons):
    resident = Resident.objects.create(ward=ward_a, full_name="Lê Văn Cường")
    for lesson in two_core_lessons:
        _complete(resident, lesson)
    residents_training_refresh()
    assert Resident.objects.trained().count() == 1
    new = Lesson.objects.create(code="core-3", title_vi="Bài 3", title_en="L3", track=Track.CORE)
    residents_training_refresh()
    assert Resident.objects.trained().count() == 0
    _complete(resident, new)
    residents_training_refresh(resident_ids=[resident.pk])
    assert Resident.objects.trained().count() == 1


@pytest.mark.parametrize("few", [True, False], ids=["one statement", "hashed aggregate"])
def test_a_few_residents_and_many_get_the_same_flags(ward_a, two_core_lessons, monkeypatch, few):
    monkeypatch.setattr(training, "FEW_RESIDENTS", 1000 if few else 0)
    done = Resident.objects.create(ward=ward_a, full_name="Nguyễn Văn An")
    half = Resident.objects.create(ward=ward_a, full_name="Trần Thị Bình")
    stale = Resident.objects.create(
        ward=ward_a, full_name="Lê Văn Cường", is_trained=True, trained_at=timezone.now()
    )
    for lesson in two_core_lessons:
        _complete(done, lesson)
    _complete(half, two_core_lessons[0])
    ids = [done.pk, half.pk, stale.pk]
    assert residents_training_refresh(resident_ids=ids) == 2
    assert list(Resident.objects.trained()) == [done]
    assert Resident.objects.get(pk=done.pk).trained_at is not None
    assert Resident.objects.get(pk=stale.pk).trained_at is None
    assert residents_training_refresh(resident_ids=ids) == 0  # nothing changes twice
    Lesson.objects.filter(track=Track.CORE).update(is_active=False)
    assert residents_training_refresh(resident_ids=ids) == 1  # no core lessons: nobody trained
    assert not Resident.objects.trained().exists()


def test_trained_since_the_last_core_lesson_was_completed_not_since_it_synced(
    ward_a, two_core_lessons
):
    import datetime

    person = Resident.objects.create(ward=ward_a, full_name="Phan Văn Muộn")
    first = datetime.datetime(2025, 10, 3, 9, 0, tzinfo=datetime.UTC)
    last = datetime.datetime(2025, 10, 5, 9, 0, tzinfo=datetime.UTC)
    for lesson, at in zip(two_core_lessons, (first, last), strict=True):
        Completion.objects.create(
            resident=person, lesson=lesson, completed_at=at, source=CompletionSource.MENTOR,
            ticked_at=at,
        )  # fmt: skip
    residents_training_refresh(resident_ids=[person.pk])
    assert Resident.objects.get(pk=person.pk).trained_at == last
