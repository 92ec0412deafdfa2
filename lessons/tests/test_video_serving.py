"""Lesson videos are public learning material served with HTTP range requests: anyone may
watch an active lesson, its media are cacheable, a retired lesson is for catalogue staff only."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from lessons.services.catalogue import lesson_retire
from lessons.tests.factories import LessonFactory
from lessons.views.media import RangeNotSatisfiable, parse_range

BODY = bytes(range(256)) * 4  # 1024 bytes, each position recognisable


@pytest.fixture
def lesson(media_root, db):
    lesson = LessonFactory(code="video-test")
    lesson.video.save("video-test.webm", ContentFile(BODY), save=False)
    lesson.captions.save("video-test.vtt", ContentFile(b"WEBVTT\n\n"), save=False)
    lesson.save()
    return lesson


@pytest.fixture
def url(lesson):
    return reverse("lessons:lesson_video", kwargs={"pk": lesson.pk})


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_whole_video_announces_byte_ranges(login, mentor_user, url):
    response = login(mentor_user).get(url)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/webm"
    assert int(response["Content-Length"]) == len(BODY)
    assert _body(response) == BODY


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-9", 0, 9), ("bytes=1000-", 1000, 1023), ("bytes=-24", 1000, 1023),
     ("bytes=1020-5000", 1020, 1023), ("bytes=0-", 0, 1023)],
)  # fmt: skip
def test_a_range_answers_206_with_exactly_those_bytes(
    login, ward_official, url, header, first, last
):
    response = login(ward_official).get(url, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(BODY)}"
    assert int(response["Content-Length"]) == last - first + 1
    assert _body(response) == BODY[first : last + 1]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_a_range_past_the_end_answers_416(login, mentor_user, url, header):
    response = login(mentor_user).get(url, HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(BODY)}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "items=0-9", "bytes=9-3", "bytes=x-"])
def test_malformed_or_multiple_ranges_get_the_whole_file(login, mentor_user, url, header):
    response = login(mentor_user).get(url, HTTP_RANGE=header)
    assert response.status_code == 200
    assert _body(response) == BODY


def test_if_range_with_a_stale_validator_gets_the_whole_file(login, mentor_user, url):
    client = login(mentor_user)
    etag = client.get(url)["ETag"]
    fresh = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert fresh.status_code == 206
    stale = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert stale.status_code == 200
    assert _body(stale) == BODY


def test_head_reports_the_size_without_a_body(login, mentor_user, url):
    response = login(mentor_user).head(url)
    assert response.status_code == 200
    assert int(response["Content-Length"]) == len(BODY)
    assert _body(response) == b""


def test_captions_are_served_as_webvtt(login, team_lead_user, lesson):
    response = login(team_lead_user).get(reverse("lessons:lesson_captions", args=[lesson.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    assert _body(response).startswith(b"WEBVTT")


def test_a_lesson_without_a_thumbnail_answers_404(login, mentor_user, lesson):
    response = login(mentor_user).get(reverse("lessons:lesson_thumbnail", args=[lesson.pk]))
    assert response.status_code == 404


def test_anyone_may_watch_an_active_lesson_without_signing_in(client, url):
    response = client.get(url, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206
    assert _body(response) == BODY[:10]


@pytest.mark.parametrize("field", ["lesson_video", "lesson_captions"])
def test_active_lesson_media_are_cacheable_even_for_a_signed_in_user(
    login, mentor_user, lesson, field
):
    response = login(mentor_user).get(reverse(f"lessons:{field}", args=[lesson.pk]))
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=86400" in cache_control
    assert "no-store" not in cache_control and "private" not in cache_control


def test_a_revisit_with_the_etag_costs_a_304_without_a_body(client, url):
    etag = client.get(url)["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert "public" in again["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_retired_lesson_video_is_only_for_catalogue_staff(
    client, login, provincial_user, mentor_user, lesson, url
):
    lesson_retire(lesson=lesson, by=provincial_user)
    assert client.get(url).status_code == 404
    assert login(mentor_user).get(url).status_code == 404
    staff = login(provincial_user).get(url, HTTP_RANGE="bytes=0-9")
    assert staff.status_code == 206
    assert "no-store" in staff["Cache-Control"]
    assert "public" not in staff["Cache-Control"]


def test_parse_range_edge_cases():
    assert parse_range("bytes=-2000", 100) == (0, 99)
    assert parse_range("bytes=99-99", 100) == (99, 99)
    assert parse_range("bytes=-", 100) is None
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=100-", 100)
