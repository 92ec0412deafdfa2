"""The lesson catalogue in the role × scope matrix.

The catalogue is not ward data but public learning material: anyone, signed in or not, reads
the active lessons and their media (``public=True``: anonymous visitors get 200); only
provincial staff change it. So the "out of scope" object here is a *retired* lesson: it has left
the catalogue, and everyone but provincial staff (anonymous visitors included) must get 404 for
it (pages, media, API) and never see its title in a list. The API stays for signed-in users.
Management pages and writes are forbidden to every role but provincial staff, and change
nothing when they try. Range requests, caching and media for visible lessons are covered in
``test_video_serving.py``.
"""

from __future__ import annotations

from django.utils import timezone

from lessons.models import Lesson, Track
from literacy.tests.matrix import SCOPED_ROLES, Endpoint

RETIRED_TITLE = "Bài đã nghỉ dạy KHONGLO"


def build_world(world) -> None:
    world.catalogue_lesson = Lesson.objects.create(
        code="matrix-active", title_vi="Bài đang dạy", title_en="Active lesson", order=1
    )
    Lesson.objects.create(
        code="matrix-active-2", title_vi="Bài đang dạy 2", title_en="Active lesson 2", order=2
    )
    world.retired_lesson = Lesson.objects.create(
        code="matrix-retired",
        title_vi=RETIRED_TITLE,
        title_en="Retired lesson",
        track=Track.EXTRA,
        is_active=False,
        retired_at=timezone.now(),
    )


def _retired(world) -> dict:
    return {"pk": world.retired_lesson.pk}


def _active(world) -> dict:
    return {"pk": world.catalogue_lesson.pk}


def _catalogue(world) -> list:
    """Every lesson's editable state: any write by the wrong role would change it."""
    return list(
        Lesson.objects.order_by("pk").values_list(
            "pk", "code", "title_vi", "track", "order", "is_active", "video_url"
        )
    )


def _new_lesson(world) -> dict:
    return {
        "code": "matrix-new",
        "title_vi": "Bài mới",
        "title_en": "New lesson",
        "track": Track.CORE,
        "duration_minutes": 30,
    }


def _edit(world) -> dict:
    return {**_new_lesson(world), "code": "matrix-retired", "title_vi": "Đã sửa"}


MANAGERS_ONLY = SCOPED_ROLES

ENDPOINTS = [
    Endpoint("lessons:lesson_list", leak=lambda w: RETIRED_TITLE, public=True),
    Endpoint("lessons:lesson_manage", forbidden_roles=MANAGERS_ONLY),
    Endpoint(
        "lessons:lesson_create",
        methods=("GET", "POST"),
        payload=_new_lesson,
        snapshot=_catalogue,
        forbidden_roles=MANAGERS_ONLY,
    ),
    Endpoint(
        "lessons:lesson_edit",
        kwargs=_retired,
        methods=("GET", "POST"),
        payload=_edit,
        snapshot=_catalogue,
        forbidden_roles=MANAGERS_ONLY,
    ),
    Endpoint(
        "lessons:lesson_move",
        kwargs=_active,
        methods=("POST",),
        payload=lambda w: {"direction": "down"},
        snapshot=_catalogue,
        forbidden_roles=MANAGERS_ONLY,
    ),
    Endpoint(
        "lessons:lesson_retire",
        kwargs=_active,
        methods=("POST",),
        snapshot=_catalogue,
        forbidden_roles=MANAGERS_ONLY,
    ),
    Endpoint(
        "lessons:lesson_restore",
        kwargs=_retired,
        methods=("POST",),
        snapshot=_catalogue,
        forbidden_roles=MANAGERS_ONLY,
    ),
    Endpoint(
        "lessons:lesson_video", kwargs=_retired, public=True, note="retired lesson: staff only"
    ),
    Endpoint(
        "lessons:lesson_captions", kwargs=_retired, public=True, note="retired lesson: staff only"
    ),
    Endpoint(
        "lessons:lesson_thumbnail", kwargs=_retired, public=True, note="retired lesson: staff only"
    ),
    Endpoint("api:lesson-list", api=True, leak=lambda w: RETIRED_TITLE),
    Endpoint(
        "api:lesson-list",
        api=True,
        methods=("POST",),
        payload=_new_lesson,
        snapshot=_catalogue,
        forbidden_roles=MANAGERS_ONLY,
        note="creating lessons: provincial staff only",
    ),
    Endpoint(
        "api:lesson-detail",
        kwargs=_retired,
        api=True,
        methods=("GET", "PATCH", "PUT"),
        payload=_edit,
        snapshot=_catalogue,
        forbidden_roles=MANAGERS_ONLY,
    ),
]
