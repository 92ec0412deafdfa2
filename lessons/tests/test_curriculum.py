"""The curriculum ships as data and loads idempotently by code."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from lessons.curriculum import CURRICULUM
from lessons.models import Lesson, Track
from lessons.services.catalogue import curriculum_load
from literacy.audit.models import AuditEvent


def test_curriculum_covers_the_programme_topics_with_a_core_set_and_the_4t_track():
    codes = [item.code for item in CURRICULUM]
    assert len(codes) == len(set(codes)), "codes must be unique"
    tracks = [item.track for item in CURRICULUM]
    assert tracks.count(Track.CORE) >= 4
    assert tracks.count(Track.FOUR_T) == 4
    titles = " ".join(item.title_vi + " " + item.summary_vi for item in CURRICULUM)
    for topic in ("VNeID", "Dịch vụ công", "chữ ký số", "QR", "lừa đảo", "nông sản", "ví điện tử"):
        assert topic.lower() in titles.lower(), topic
    for item in CURRICULUM:
        assert item.title_vi and item.title_en and item.summary_vi and item.summary_en
        assert item.skill and item.skill_en and item.narration_vi


@pytest.mark.django_db
def test_loading_twice_creates_each_lesson_once():
    first = curriculum_load()
    second = curriculum_load()
    assert first.created == len(CURRICULUM)
    assert (second.created, second.unchanged) == (0, len(CURRICULUM))
    assert Lesson.objects.count() == len(CURRICULUM)
    assert AuditEvent.objects.filter(object_type="lesson", action="create").count() == len(
        CURRICULUM
    )


@pytest.mark.django_db
def test_reloading_keeps_staff_edits_unless_asked_to_update():
    curriculum_load()
    Lesson.objects.filter(code="chu-ky-so").update(title_vi="Tên do tỉnh sửa")
    curriculum_load()
    assert Lesson.objects.get(code="chu-ky-so").title_vi == "Tên do tỉnh sửa"
    result = curriculum_load(update=True)
    assert result.updated == 1
    assert Lesson.objects.get(code="chu-ky-so").title_vi == "Ký số văn bản trên điện thoại"


@pytest.mark.django_db
def test_lessons_are_numbered_in_teaching_order_within_each_track():
    curriculum_load()
    for track in Track.values:
        expected = [item.code for item in CURRICULUM if item.track == track]
        loaded = list(Lesson.objects.filter(track=track).values_list("code", flat=True))
        assert loaded == expected
        orders = list(Lesson.objects.filter(track=track).values_list("order", flat=True))
        assert orders == list(range(1, len(expected) + 1))


@pytest.mark.django_db
def test_load_curriculum_command_reports_what_it_did():
    out = io.StringIO()
    call_command("load_curriculum", stdout=out)
    assert f"{len(CURRICULUM)} created" in out.getvalue()
    out = io.StringIO()
    call_command("load_curriculum", stdout=out)
    assert "0 created" in out.getvalue()
