"""Reads of the lesson catalogue for pages: lessons grouped by track, in teaching order."""

from __future__ import annotations

from dataclasses import dataclass

from lessons.models import Lesson, Track

#: The order tracks appear in: what makes someone trained first, then 4T, then the rest.
TRACK_ORDER = (Track.CORE, Track.FOUR_T, Track.EXTRA)


@dataclass(frozen=True)
class TrackGroup:
    track: str
    label: str
    lessons: list[Lesson]


def can_manage_catalogue(user) -> bool:
    """Provincial staff maintain the catalogue (mirrors ``LessonQuerySet.manageable_by``)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_provincial)


def catalogue_groups(*, user, retired: bool = False) -> list[TrackGroup]:
    """The user's catalogue by track (one query); ``retired`` lists retired lessons instead."""
    lessons = Lesson.objects.in_catalogue_for(user).filter(is_active=not retired)
    by_track: dict[str, list[Lesson]] = {track: [] for track in TRACK_ORDER}
    for lesson in lessons.order_by("order", "code"):
        by_track.setdefault(lesson.track, []).append(lesson)
    return [
        TrackGroup(track=track, label=Track(track).label, lessons=items)
        for track, items in by_track.items()
        if items
    ]
