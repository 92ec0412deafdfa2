"""Demo data: the lesson catalogue, each lesson with a playable sample video."""

from __future__ import annotations

import random

from lessons.models import Lesson
from lessons.services.catalogue import curriculum_load
from lessons.services.videos import (
    VideoGenerationError,
    lesson_video_generate,
    video_tools_available,
)
from literacy.table_statistics import tables_analyse


def seed_lessons(*, rng: random.Random, residents: int, stdout, workers: int = 1) -> int:
    """Load the curriculum and give every active lesson without a video its sample video.

    Idempotent: lessons are matched by code and existing video files are kept. Without
    espeak-ng/ffmpeg the catalogue is still loaded and a line says how to get the videos.
    """
    result = curriculum_load()
    made = 0
    if video_tools_available():
        for lesson in Lesson.objects.active().filter(video_url=""):
            try:
                made += lesson_video_generate(lesson=lesson)
            except VideoGenerationError as exc:
                stdout.write(f"  video for {lesson.code} not generated: {exc}")
    else:
        stdout.write("  espeak-ng/ffmpeg not installed: lessons have no sample videos.")
    tables_analyse(models=[Lesson])
    stdout.write(
        f"Lessons: {result.created} created, {result.unchanged + result.updated} kept; "
        f"{made} sample videos generated."
    )
    return result.created
