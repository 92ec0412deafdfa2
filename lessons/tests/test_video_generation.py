"""Every demo lesson gets a real, playable sample video made locally (espeak-ng + ffmpeg)."""

from __future__ import annotations

import io
import json
import subprocess

import pytest

from lessons.models import Lesson
from lessons.services.catalogue import curriculum_load
from lessons.services.videos import lesson_narration, lesson_video_generate, webvtt_for
from literacy.audit.models import AuditEvent
from literacy.demo.lessons import seed_lessons


def _probe(path) -> dict:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


@pytest.mark.django_db
def test_generated_video_is_webm_with_speech_captions_and_a_thumbnail(media_root):
    curriculum_load()
    lesson = Lesson.objects.get(code="vneid-dinh-danh")

    assert lesson_video_generate(lesson=lesson)

    lesson.refresh_from_db()
    video_path = media_root / lesson.video.name
    assert lesson.video.name == "lessons/videos/vneid-dinh-danh.webm"
    probe = _probe(video_path)
    codecs = {stream["codec_type"]: stream["codec_name"] for stream in probe["streams"]}
    assert codecs == {"video": "vp8", "audio": "opus"}
    assert float(probe["format"]["duration"]) > 1.0
    assert video_path.stat().st_size < 500_000  # small enough for a slow connection
    captions = (media_root / lesson.captions.name).read_text(encoding="utf-8")
    assert captions.startswith("WEBVTT")
    assert "VNeID" in captions and " --> " in captions
    assert (media_root / lesson.thumbnail.name).read_bytes()[:2] == b"\xff\xd8"  # JPEG
    assert AuditEvent.objects.filter(
        object_id=str(lesson.pk), summary=f"{lesson.code}: đã tạo video mẫu"
    )


@pytest.mark.django_db
def test_generation_keeps_an_existing_video_unless_forced(media_root):
    lesson = Lesson.objects.create(code="co-san", title_vi="Có sẵn", title_en="Existing")
    lesson.video.save("co-san.webm", io.BytesIO(b"uploaded by staff"), save=True)
    assert not lesson_video_generate(lesson=lesson)
    assert (media_root / lesson.video.name).read_bytes() == b"uploaded by staff"


def test_captions_cover_the_whole_narration_in_order():
    vtt = webvtt_for(["Một.", "Hai, ba."], 3.0)
    assert vtt.splitlines()[:6] == [
        "WEBVTT",
        "",
        "00:00:00.000 --> 00:00:01.000",
        "Một.",
        "",
        "00:00:01.000 --> 00:00:03.000",
    ]


@pytest.mark.django_db
def test_narration_starts_with_the_lesson_title():
    lesson = Lesson(code="tu-them", title_vi="Bài tự thêm", summary_vi="Câu một. Câu hai.")
    assert lesson_narration(lesson) == ["Bài học: Bài tự thêm.", "Câu một."]


@pytest.mark.django_db
def test_seed_lessons_is_idempotent_and_skips_lessons_that_have_videos(media_root):
    curriculum_load()
    Lesson.objects.exclude(code="phong-lua-dao").update(video="lessons/videos/existing.webm")
    (media_root / "lessons/videos").mkdir(parents=True)
    (media_root / "lessons/videos/existing.webm").write_bytes(b"x")
    out = io.StringIO()
    seed_lessons(rng=None, residents=0, stdout=out)
    assert "0 created" in out.getvalue() and "1 sample videos generated" in out.getvalue()
    assert Lesson.objects.get(code="phong-lua-dao").video.name.endswith("phong-lua-dao.webm")
    out = io.StringIO()
    seed_lessons(rng=None, residents=0, stdout=out)
    assert "0 sample videos generated" in out.getvalue()
