"""Classes, the attendee picker, progress pages and their API in the role × scope matrix.

The world gets a class in each ward (``class_a`` / ``class_b``) with one attendee each. Ward-B
objects answer 404 to the roles scoped to ward A; lists never show ward-B data (the ward-B
class's link or venue, the ward-B resident's name); writes aimed at ward B change nothing.
Logging classes is for ward officials: the other roles get 403 (or 404) on the write pages.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from households.models import Resident
from lessons.models import ClassSession, Completion, Lesson
from lessons.services.classes import class_create
from literacy.accounts.models import User
from literacy.accounts.roles import Role
from literacy.areas.models import Hamlet
from literacy.tests.matrix import Endpoint

NOT_OFFICIALS = ("provincial", "team_lead", "mentor")
VENUE_B = "Công viên ngoài phạm vi KLASSB"


def _hamlet(world, attr: str, ward, name: str) -> Hamlet:
    if not hasattr(world, attr):
        setattr(world, attr, Hamlet.objects.create(ward=ward, name=name))
    return getattr(world, attr)


def _resident(world, attr: str, ward, name: str) -> Resident:
    if not hasattr(world, attr):
        setattr(world, attr, Resident.objects.create(ward=ward, full_name=name))
    return getattr(world, attr)


def build_world(world) -> None:
    hamlet_a = _hamlet(world, "hamlet_a", world.ward_a, "Khu phố ma trận A")
    hamlet_b = _hamlet(world, "hamlet_b", world.ward_b, "Khu phố ma trận B")
    resident_a = _resident(world, "resident_a", world.ward_a, "Trần Văn Trong Phạm Vi")
    resident_b = _resident(world, "resident_b", world.ward_b, "Phạm Thị Ngoài Phường")
    # A facilitator only ward B's officials may name (a plain-letter name: the JSON answer
    # escapes accented letters, and the leak check looks for the name as it is).
    world.facilitator_b = User.objects.create(
        username="matrix-facilitator-b", role=Role.MENTOR, first_name="Matrix", last_name="Guide B"
    )
    world.facilitator_b.wards.set([world.ward_b])
    world.class_lesson = Lesson.objects.create(
        code="matrix-class-lesson", title_vi="Bài lớp học", title_en="Class lesson", order=50
    )
    when = timezone.now() - datetime.timedelta(days=1)
    world.class_a = class_create(
        by=None,
        hamlet=hamlet_a,
        starts_at=when,
        lessons=[world.class_lesson],
        attendees=[resident_a],
        venue="Nhà văn hóa A",
    )
    world.class_b = class_create(
        by=None,
        hamlet=hamlet_b,
        starts_at=when,
        lessons=[world.class_lesson],
        attendees=[resident_b],
        venue=VENUE_B,
    )
    world.completion_b = Completion.objects.get(resident=resident_b, lesson=world.class_lesson)


def _class_b(world) -> dict:
    return {"pk": world.class_b.pk}


def _ward_b_state(world) -> tuple:
    """Everything of ward B a class write could touch."""
    ward_b = world.ward_b
    return (
        sorted(ClassSession.objects.filter(ward=ward_b).values_list("pk", "hamlet_id", "venue")),
        sorted(
            ClassSession.attendees.through.objects.filter(class_session__ward=ward_b).values_list(
                "class_session_id", "resident_id"
            )
        ),
        sorted(
            Completion.objects.filter(resident__ward=ward_b).values_list(
                "resident_id", "lesson_id", "class_session_id", "source"
            )
        ),
        Resident.objects.filter(ward=ward_b).count(),
    )


def _class_b_link(world) -> str:
    return f'href="{reverse("lessons:class_detail", kwargs=_class_b(world))}"'


def _form_payload(world) -> dict:
    return {
        "starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "hamlet": world.hamlet_b.pk,
        "venue": "Ghi đè",
        "lessons": [world.class_lesson.pk],
        "attendees": [world.resident_b.pk],
    }


def _api_payload(world) -> dict:
    return {
        "hamlet": world.hamlet_b.pk,
        "lessons": [world.class_lesson.pk],
        "attendees": [world.resident_b.pk],
        "venue": "Ghi đè",
    }


def _month_of_class_b(world) -> dict:
    return {"month": timezone.localtime(world.class_b.starts_at).strftime("%Y-%m")}


ENDPOINTS = [
    Endpoint("lessons:class_list", leak=_class_b_link, snapshot=_ward_b_state),
    Endpoint("lessons:class_calendar", leak=_class_b_link, query=_month_of_class_b),
    Endpoint(
        "lessons:class_create",
        methods=("GET", "POST"),
        payload=_form_payload,
        snapshot=_ward_b_state,
        forbidden_roles=NOT_OFFICIALS,
        note="officials log classes in their own wards only",
    ),
    Endpoint("lessons:class_detail", kwargs=_class_b),
    Endpoint(
        "lessons:class_edit",
        kwargs=_class_b,
        methods=("GET", "POST"),
        payload=_form_payload,
        snapshot=_ward_b_state,
    ),
    Endpoint(
        "lessons:class_delete", kwargs=_class_b, methods=("GET", "POST"), snapshot=_ward_b_state
    ),
    Endpoint("lessons:class_sheet", kwargs=_class_b),
    Endpoint(
        "lessons:attendee_search",
        query=lambda w: {"q": w.resident_b.full_name},
        leak=lambda w: w.resident_b.full_name,
    ),
    Endpoint(
        "lessons:attendee_create",
        methods=("POST",),
        payload=lambda w: {"full_name": "Người Mới Ngoài Phạm Vi", "hamlet": w.hamlet_b.pk},
        snapshot=_ward_b_state,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint("lessons:hamlet_roster", kwargs=lambda w: {"hamlet_pk": w.hamlet_b.pk}),
    Endpoint(
        "lessons:facilitator_search",
        query=lambda w: {"q": "guide b"},
        leak=lambda w: w.facilitator_b.get_full_name(),
    ),
    Endpoint("lessons:resident_progress", kwargs=lambda w: {"pk": w.resident_b.pk}),
    Endpoint(
        "api:class-list",
        api=True,
        methods=("GET", "POST"),
        payload=_api_payload,
        snapshot=_ward_b_state,
        leak=lambda w: VENUE_B,
    ),
    Endpoint(
        "api:class-detail",
        api=True,
        kwargs=_class_b,
        methods=("GET", "PUT", "PATCH", "DELETE"),
        payload=_api_payload,
        snapshot=_ward_b_state,
    ),
    Endpoint(
        "api:completion-list",
        api=True,
        query=lambda w: {"resident": w.resident_b.pk},
        leak=lambda w: w.resident_b.full_name,
    ),
    Endpoint("api:completion-detail", api=True, kwargs=lambda w: {"pk": w.completion_b.pk}),
]
