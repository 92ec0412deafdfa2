"""Reads of the lesson catalogue for pages: lessons grouped by track, in teaching order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lessons.models import Lesson, Track

#: The order tracks appear in: what makes someone trained first, then 4T, then the rest.
TRACK_ORDER = (Track.CORE, Track.FOUR_T, Track.EXTRA)


@dataclass(frozen=True)
class TrackGroup:
    track: str
    label: str
    lessons: list

    @property
    def is_core(self) -> bool:
        """Core lessons are the ones that make a person trained."""
        return self.track == Track.CORE


def group_by_track(items: Iterable, *, track_of: Callable[[Any], str]) -> list[TrackGroup]:
    """``items`` (lessons, checkboxes, progress rows) under their track, core first, each
    track keeping the items' order; empty tracks are left out."""
    by_track: dict[str, list] = {track: [] for track in TRACK_ORDER}
    for item in items:
        by_track.setdefault(track_of(item), []).append(item)
    return [
        TrackGroup(track=track, label=Track(track).label, lessons=grouped)
        for track, grouped in by_track.items()
        if grouped
    ]


def can_manage_catalogue(user) -> bool:
    """Provincial staff maintain the catalogue (mirrors ``LessonQuerySet.manageable_by``)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_provincial)


def catalogue_groups(*, user, retired: bool = False) -> list[TrackGroup]:
    """The user's catalogue by track (one query); ``retired`` lists retired lessons instead."""
    lessons = Lesson.objects.in_catalogue_for(user).filter(is_active=not retired)
    return group_by_track(lessons.order_by("order", "code"), track_of=lambda lesson: lesson.track)
