"""Factories for the lessons app (shared by the catalogue and the classes tests)."""

from __future__ import annotations

import factory

from lessons.models import Lesson, Track


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"lesson-{n + 1}")
    title_vi = factory.Sequence(lambda n: f"Bài học {n + 1}")
    title_en = factory.Sequence(lambda n: f"Lesson {n + 1}")
    track = Track.CORE
    order = factory.Sequence(lambda n: n + 1)
