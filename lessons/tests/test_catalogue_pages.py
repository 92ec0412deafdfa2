"""Catalogue pages: everyone watches the lessons by track; provincial staff manage them."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from households.models import Resident
from lessons.models import Lesson, Track
from lessons.tests.factories import LessonFactory
from literacy.audit.models import AuditEvent

LIST = reverse("lessons:lesson_list")
MANAGE = reverse("lessons:lesson_manage")
CREATE = reverse("lessons:lesson_create")


def _form(**overrides) -> dict:
    data = {
        "code": "bai-moi",
        "title_vi": "Bài mới về VNeID",
        "title_en": "New VNeID lesson",
        "summary_vi": "",
        "summary_en": "",
        "skill": "",
        "skill_en": "",
        "track": Track.CORE,
        "duration_minutes": 30,
        "video_url": "",
    }
    return {**data, **overrides}


def test_catalogue_groups_lessons_by_track_in_order(login, mentor_user):
    LessonFactory(code="b", title_vi="Bài lõi hai", order=2)
    LessonFactory(code="a", title_vi="Bài lõi một", order=1)
    LessonFactory(code="t", title_vi="Bài 4T", track=Track.FOUR_T)
    LessonFactory(code="r", title_vi="Bài đã nghỉ", is_active=False, retired_at=timezone.now())
    html = login(mentor_user).get(LIST).content.decode()
    assert html.index("Bài lõi một") < html.index("Bài lõi hai") < html.index("Bài 4T")
    assert html.index("Bài lõi hai") < html.index('id="track-4t"') < html.index("Bài 4T")
    assert "Bài đã nghỉ" not in html
    assert MANAGE not in html  # mentors do not manage the catalogue


def test_catalogue_shows_titles_in_the_chosen_language(client, login, ward_official):
    LessonFactory(title_vi="Thanh toán bằng mã QR", title_en="Paying with QR codes")
    login(ward_official)
    assert "Thanh toán bằng mã QR" in client.get(LIST).content.decode()
    client.cookies["django_language"] = "en"
    html = client.get(LIST).content.decode()
    assert "Paying with QR codes" in html and "Thanh toán bằng mã QR" not in html


def test_catalogue_player_points_at_the_range_view_with_captions(login, mentor_user, media_root):
    lesson = LessonFactory(code="co-video")
    lesson.video.save("co-video.webm", SimpleUploadedFile("v.webm", b"x"), save=False)
    lesson.captions.save("co-video.vtt", SimpleUploadedFile("c.vtt", b"WEBVTT\n"), save=True)
    html = login(mentor_user).get(LIST).content.decode()
    assert f'src="{reverse("lessons:lesson_video", args=[lesson.pk])}" type="video/webm"' in html
    assert f'src="{reverse("lessons:lesson_captions", args=[lesson.pk])}"' in html
    assert 'kind="captions"' in html


def test_catalogue_page_query_count_does_not_grow_with_lessons(
    login, mentor_user, django_assert_max_num_queries
):
    client = login(mentor_user)
    LessonFactory.create_batch(3)
    client.get(LIST)  # warm the session
    with django_assert_max_num_queries(6) as few:
        client.get(LIST)
    LessonFactory.create_batch(12, track=Track.FOUR_T)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST).status_code == 200


def test_staff_add_a_core_lesson_and_the_trained_numbers_change(
    login, provincial_user, trained_resident, django_capture_on_commit_callbacks
):
    last = Lesson.objects.last()
    client = login(provincial_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, _form())
    assert response.status_code == 302
    lesson = Lesson.objects.get(code="bai-moi")
    assert lesson.order == last.order + 1
    assert Resident.objects.trained().count() == 0
    assert AuditEvent.objects.filter(object_id=str(lesson.pk), action="create").exists()


def test_staff_upload_a_video_with_captions(login, provincial_user, media_root):
    response = login(provincial_user).post(
        CREATE,
        _form(
            video=SimpleUploadedFile("clip.webm", b"\x1aE\xdf\xa3", "video/webm"),
            captions=SimpleUploadedFile("clip.vtt", b"WEBVTT\n\n", "text/vtt"),
        ),
    )
    assert response.status_code == 302
    lesson = Lesson.objects.get(code="bai-moi")
    assert (media_root / lesson.video.name).read_bytes() == b"\x1aE\xdf\xa3"


def test_bad_captions_and_duplicate_codes_are_explained_and_nothing_is_saved(
    login, provincial_user, media_root
):
    LessonFactory(code="bai-moi")
    response = login(provincial_user).post(
        CREATE, _form(captions=SimpleUploadedFile("c.vtt", b"1\n00:00 --> 00:01\n", "text/vtt"))
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"code", "captions"}
    assert Lesson.objects.count() == 1


def test_editing_the_track_refreshes_training(
    login, provincial_user, trained_resident, django_capture_on_commit_callbacks
):
    extra = LessonFactory(track=Track.EXTRA)
    url = reverse("lessons:lesson_edit", args=[extra.pk])
    data = _form(code=extra.code, title_vi=extra.title_vi, title_en=extra.title_en)
    client = login(provincial_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    extra.refresh_from_db()
    assert extra.track == Track.CORE
    assert Resident.objects.trained().count() == 0


def test_move_retire_and_restore_from_the_manage_page(login, provincial_user):
    first, second = LessonFactory(order=1), LessonFactory(order=2)
    client = login(provincial_user)
    assert client.get(MANAGE).status_code == 200
    client.post(reverse("lessons:lesson_move", args=[second.pk]), {"direction": "up"})
    assert list(Lesson.objects.values_list("pk", flat=True)) == [second.pk, first.pk]

    client.post(reverse("lessons:lesson_retire", args=[first.pk]))
    first.refresh_from_db()
    assert not first.is_active
    html = client.get(MANAGE).content.decode()
    assert f'data-testid="retired-{first.code}"' in html
    assert first.title_vi not in client.get(LIST).content.decode()

    client.post(reverse("lessons:lesson_restore", args=[first.pk]))
    first.refresh_from_db()
    assert first.is_active and first.retired_at is None


def test_other_roles_cannot_manage(login, ward_official):
    lesson = LessonFactory()
    client = login(ward_official)
    assert client.get(MANAGE).status_code == 403
    assert client.post(CREATE, _form()).status_code == 403
    assert client.post(reverse("lessons:lesson_retire", args=[lesson.pk])).status_code == 403
    lesson.refresh_from_db()
    assert lesson.is_active and Lesson.objects.count() == 1


def test_anyone_may_read_the_catalogue_without_signing_in(client, db, media_root):
    lesson = LessonFactory(code="public-vneid", title_vi="Cài đặt VNeID cho mọi người")
    lesson.video.save("public-vneid.webm", ContentFile(b"webm"), save=True)
    LessonFactory(code="gone", title_vi="Bài đã nghỉ", is_active=False)
    response = client.get(reverse("lessons:lesson_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cài đặt VNeID cho mọi người" in html
    assert reverse("lessons:lesson_video", args=[lesson.pk]) in html
    assert "Bài đã nghỉ" not in html
    assert 'data-testid="manage-lessons"' not in html


def test_the_home_page_points_visitors_to_the_lessons(client, db):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("lessons:lesson_list")}" data-testid="public-lessons"' in html
