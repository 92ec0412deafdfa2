"""Make a lesson's short sample video: a title card with spoken Vietnamese, captions, thumbnail.

Every demo lesson must play in the catalogue without shipping or fetching large files, so each
gets a clip of a few seconds made locally with two Debian packages: ``espeak-ng`` speaks the
narration with its Vietnamese voice and ``ffmpeg`` draws the title on a plain card and encodes
WebM (VP8 + Opus, which Chromium, Firefox and Android's WebView play without proprietary
codecs). A small picture (480×270, 5 fps) with a keyframe every second keeps it quick to make
and to seek on a slow connection. The WebVTT captions time each sentence in proportion to its
length; one frame of the card becomes the thumbnail. Real 30-minute videos replace these by
upload.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import textwrap
import wave
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lessons.curriculum import curriculum_by_code
from lessons.models import Lesson
from literacy.audit.models import AuditAction
from literacy.audit.services import audit_record
from literacy.audit.summaries import summary_text

WIDTH, HEIGHT, FPS = 480, 270, 5
BACKGROUND = "0x0b5cad"
TAIL_SECONDS = 0.6  # silence after the narration so the last caption can be read
TOOL_TIMEOUT = 60
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class VideoGenerationError(RuntimeError):
    """espeak-ng or ffmpeg is missing or failed (the message says which and why)."""


def video_tools_available() -> bool:
    return bool(shutil.which("espeak-ng") and shutil.which("ffmpeg"))


def lesson_narration(lesson: Lesson) -> list[str]:
    """The sentences the sample video speaks: the title, then the curriculum's narration (or the
    first sentence of the summary for lessons staff added)."""
    item = curriculum_by_code().get(lesson.code)
    summary = [s for s in _SENTENCE_END.split(lesson.summary_vi.strip()) if s]
    body = item.narration_vi if item else (summary[0] if summary else "")
    sentences = [f"Bài học: {lesson.title_vi.rstrip('.')}."]
    return sentences + [s.strip() for s in _SENTENCE_END.split(body.strip()) if s.strip()]


def _run(args: list[str]) -> None:
    try:
        subprocess.run(args, check=True, capture_output=True, timeout=TOOL_TIMEOUT)  # noqa: S603
    except FileNotFoundError as exc:
        raise VideoGenerationError(f"{args[0]} is not installed") from exc
    except subprocess.CalledProcessError as exc:
        tail = exc.stderr.decode(errors="replace")[-500:]
        raise VideoGenerationError(f"{args[0]} failed: {tail}") from exc
    except subprocess.TimeoutExpired as exc:
        raise VideoGenerationError(f"{args[0]} took longer than {TOOL_TIMEOUT}s") from exc


def _font_option() -> str:
    """A bold font with Vietnamese glyphs (DejaVu ships with Chromium's dependencies)."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        found = subprocess.run(  # noqa: S603
            [fc_match, "-f", "%{file}", "DejaVu Sans:bold"], capture_output=True, text=True
        ).stdout.strip()
        if found and Path(found).exists():
            return f"fontfile='{found}':"
    return "font='Sans':"


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def webvtt_for(sentences: list[str], duration: float) -> str:
    """Captions that show each sentence for a share of ``duration`` matching its length."""
    total = sum(len(s) for s in sentences) or 1
    lines, start = ["WEBVTT", ""], 0.0
    for sentence in sentences:
        end = start + duration * len(sentence) / total
        lines += [f"{_timestamp(start)} --> {_timestamp(end)}", sentence, ""]
        start = end
    return "\n".join(lines)


def _render(lesson: Lesson, sentences: list[str], workdir: Path) -> dict[str, Path]:
    speech = workdir / "speech.wav"
    (workdir / "narration.txt").write_text(" ".join(sentences), encoding="utf-8")
    _run(
        [
            "espeak-ng",
            "-v",
            "vi",
            "-s",
            "145",
            "-w",
            str(speech),
            "-f",
            str(workdir / "narration.txt"),
        ]
    )
    with wave.open(str(speech)) as audio:
        spoken = audio.getnframes() / float(audio.getframerate())
    duration = spoken + TAIL_SECONDS

    (workdir / "title.txt").write_text("\n".join(textwrap.wrap(lesson.title_vi, 26)), "utf-8")
    (workdir / "brand.txt").write_text("Bình dân học vụ số", encoding="utf-8")
    font = _font_option()
    card = (
        f"drawtext={font}textfile='{workdir / 'brand.txt'}':fontcolor=white@0.85:fontsize=16:"
        f"x=20:y=16,"
        f"drawtext={font}textfile='{workdir / 'title.txt'}':fontcolor=white:fontsize=26:"
        f"line_spacing=8:x=(w-text_w)/2:y=(h-text_h)/2"
    )
    # The card is drawn once; the video loops it under the speech (cheaper than drawing text
    # on every frame) and the thumbnail is the same card.
    card_image = workdir / "card.png"
    _run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"color=c={BACKGROUND}:s={WIDTH}x{HEIGHT}",
         "-vf", card, "-frames:v", "1", str(card_image)]
    )  # fmt: skip
    thumbnail = workdir / "thumbnail.jpg"
    _run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(card_image),
         "-q:v", "5", str(thumbnail)]
    )  # fmt: skip
    video = workdir / "video.webm"
    _run(
        [
            "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
            "-loop", "1", "-framerate", str(FPS), "-i", str(card_image),
            "-i", str(speech),
            "-af", "apad", "-t", f"{duration:.2f}",
            "-c:v", "libvpx", "-pix_fmt", "yuv420p", "-b:v", "120k", "-g", str(FPS),
            "-deadline", "realtime", "-cpu-used", "8",
            "-c:a", "libopus", "-b:a", "32k",
            str(video),
        ]
    )  # fmt: skip
    captions = workdir / "captions.vtt"
    captions.write_text(webvtt_for(sentences, spoken), encoding="utf-8")
    return {"video": video, "captions": captions, "thumbnail": thumbnail}


def lesson_has_video(lesson: Lesson) -> bool:
    return bool(lesson.video) and lesson.video.storage.exists(lesson.video.name)


@transaction.atomic
def lesson_video_generate(*, lesson: Lesson, by=None, force: bool = False) -> bool:
    """Give the lesson its sample video, captions and thumbnail in MEDIA_ROOT.

    Returns False (and does nothing) when the lesson already has a video file, unless ``force``;
    an uploaded video is never replaced without ``force``.
    """
    if lesson_has_video(lesson) and not force:
        return False
    sentences = lesson_narration(lesson)
    with tempfile.TemporaryDirectory(prefix="lesson-video-") as tmp:
        files = _render(lesson, sentences, Path(tmp))
        suffixes = {"video": "webm", "captions": "vtt", "thumbnail": "jpg"}
        for field, path in files.items():
            current = getattr(lesson, field)
            if current:
                current.delete(save=False)
            with path.open("rb") as handle:
                current.save(f"{lesson.code}.{suffixes[field]}", File(handle), save=False)
    lesson.save(update_fields=["video", "captions", "thumbnail", "updated_at"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="lesson",
        object_id=lesson.pk,
        summary=summary_text(_("%(code)s: sample video generated"), code=lesson.code),
        after={field: getattr(lesson, field).name for field in suffixes},
    )
    return True
