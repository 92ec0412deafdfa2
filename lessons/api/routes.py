"""Register this app's API viewsets on the shared /api/v1/ router."""

from __future__ import annotations


def register(router) -> None:
    """Add viewsets, e.g. router.register("things", ThingViewSet, basename="thing")."""
    from lessons.api.lessons import LessonViewSet

    router.register("lessons", LessonViewSet, basename="lesson")
    from lessons.api.classes import ClassSessionViewSet
    from lessons.api.completions import CompletionViewSet

    router.register("classes", ClassSessionViewSet, basename="class")
    router.register("completions", CompletionViewSet, basename="completion")
