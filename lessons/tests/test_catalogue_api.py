"""/api/v1/lessons/: every role reads the catalogue; only provincial staff change it."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from households.models import Resident
from lessons.models import Lesson, Track
from lessons.tests.factories import LessonFactory
from literacy.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LIST = reverse("api:lesson-list")


def _detail(lesson) -> str:
    return reverse("api:lesson-detail", args=[lesson.pk])


@pytest.mark.parametrize("role", ["mentor_user", "team_lead_user", "ward_official"])
def test_every_role_lists_the_active_catalogue(request, login, role):
    active = LessonFactory(title_vi="Bài đang dạy")
    LessonFactory(title_vi="Bài đã nghỉ", is_active=False, retired_at=timezone.now())
    client = login(request.getfixturevalue(role))
    body = client.get(LIST).json()
    assert [row["code"] for row in body["results"]] == [active.code]
    assert client.get(_detail(active)).json()["title_vi"] == "Bài đang dạy"


def test_staff_see_retired_lessons_too(login, provincial_user):
    LessonFactory(is_active=False, retired_at=timezone.now())
    body = login(provincial_user).get(LIST, {"is_active": "false"}).json()
    assert body["count"] == 1 and body["results"][0]["is_active"] is False


def test_filter_by_track(login, mentor_user):
    LessonFactory(track=Track.CORE)
    four_t = LessonFactory(track=Track.FOUR_T)
    body = login(mentor_user).get(LIST, {"track": "4t"}).json()
    assert [row["id"] for row in body["results"]] == [four_t.pk]


@pytest.mark.parametrize("role", ["mentor_user", "team_lead_user", "ward_official"])
def test_other_roles_cannot_create_or_change_lessons(request, login, role):
    lesson = LessonFactory(title_vi="Giữ nguyên")
    client = login(request.getfixturevalue(role))
    created = client.post(
        LIST, {"code": "x", "title_vi": "X", "title_en": "X"}, content_type="application/json"
    )
    assert created.status_code == 403
    changed = client.patch(_detail(lesson), {"title_vi": "Đổi"}, content_type="application/json")
    assert changed.status_code in (403, 404)
    assert client.delete(_detail(lesson)).status_code in (403, 404, 405)
    lesson.refresh_from_db()
    assert lesson.title_vi == "Giữ nguyên" and Lesson.objects.count() == 1


def test_staff_create_a_core_lesson_and_trained_numbers_change(
    login, provincial_user, trained_resident, django_capture_on_commit_callbacks
):
    last = Lesson.objects.last()
    client = login(provincial_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LIST,
            {"code": "api-moi", "title_vi": "Bài mới", "title_en": "New", "track": "core"},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert response.json()["order"] == last.order + 1
    assert Resident.objects.trained().count() == 0
    assert AuditEvent.objects.filter(object_id=str(response.json()["id"]), action="create")


def test_staff_retire_and_restore_with_patch(login, provincial_user):
    lesson = LessonFactory()
    client = login(provincial_user)
    retired = client.patch(_detail(lesson), {"is_active": False}, content_type="application/json")
    assert retired.status_code == 200 and retired.json()["retired_at"]
    lesson.refresh_from_db()
    assert not lesson.is_active
    restored = client.patch(_detail(lesson), {"is_active": True}, content_type="application/json")
    assert restored.json()["is_active"] is True and restored.json()["retired_at"] is None


def test_bad_data_answers_400_with_field_errors(login, provincial_user):
    LessonFactory(code="trung")
    response = login(provincial_user).post(
        LIST,
        {"code": "trung", "title_vi": "", "title_en": "X", "track": "nope"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"code", "title_vi", "track"} <= set(response.json())
    assert Lesson.objects.count() == 1


def test_media_links_point_at_the_permission_checked_views(login, mentor_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lesson = LessonFactory()
    lesson.video.save("a.webm", ContentFile(b"x"), save=True)
    row = login(mentor_user).get(_detail(lesson)).json()
    assert row["video_file_url"].endswith(reverse("lessons:lesson_video", args=[lesson.pk]))
    assert row["captions_url"] is None
