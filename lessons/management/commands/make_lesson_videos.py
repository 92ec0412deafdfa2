"""Generate the short sample video (title card + spoken Vietnamese), WebVTT captions and
thumbnail of lessons that have no video file yet, into MEDIA_ROOT.

Uses the Debian packages ``espeak-ng`` and ``ffmpeg``; nothing is downloaded. Lessons that
already have a video (generated or uploaded) are left alone unless ``--force``.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lessons.models import Lesson
from lessons.services.videos import (
    VideoGenerationError,
    lesson_video_generate,
    video_tools_available,
)


class Command(BaseCommand):
    help = "Generate sample videos for lessons without a video file."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="Only these lesson codes (default: all).")
        parser.add_argument(
            "--force", action="store_true", help="Replace existing video files too."
        )

    def handle(self, *args, codes: list[str], force: bool, **options):
        if not video_tools_available():
            raise CommandError("espeak-ng and ffmpeg are needed: apt-get install espeak-ng ffmpeg")
        lessons = Lesson.objects.active().order_by("track", "order")
        if codes:
            lessons = lessons.filter(code__in=codes)
            unknown = set(codes) - set(lessons.values_list("code", flat=True))
            if unknown:
                raise CommandError(f"No active lesson with code: {', '.join(sorted(unknown))}")
        made = 0
        for lesson in lessons:
            try:
                made += lesson_video_generate(lesson=lesson, force=force)
            except VideoGenerationError as exc:
                raise CommandError(f"{lesson.code}: {exc}") from exc
        self.stdout.write(f"Lesson videos: {made} generated, {lessons.count() - made} kept.")
