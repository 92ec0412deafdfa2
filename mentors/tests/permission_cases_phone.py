"""The mentor's phone page, its tick and undo, in the role × scope matrix.

Ward B has a mentor with a mentee ("Vũ Thị Điện Thoại B") and a recent tick: the phone page of
the ward-A mentor never shows that mentee, and ticking or undoing for them answers 404 and
changes nothing. Only mentors tick: every other role gets 403. The service worker script holds
no data and is public (the page it keeps needs a sign-in).
"""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from households.models import Resident
from lessons.models import Completion, Lesson
from literacy.areas.models import Hamlet
from literacy.tests.matrix import Endpoint
from mentors.models import Tick
from mentors.services.ticks import tick_record

NOT_MENTORS = ("provincial", "ward_official", "team_lead")
MENTEE_B = "Vũ Thị Điện Thoại B"


def build_world(world) -> None:
    from mentors.tests.factories import AssignmentFactory, MentorFactory

    hamlet_b = Hamlet.objects.create(ward=world.ward_b, name="Khu phố điện thoại B")
    mentor_b = MentorFactory(home_hamlet=hamlet_b)
    world.phone_mentee_b = Resident.objects.create(ward=world.ward_b, full_name=MENTEE_B)
    AssignmentFactory(mentor=mentor_b, mentee=world.phone_mentee_b)
    world.phone_lesson = Lesson.objects.create(
        code="matrix-phone-lesson", title_vi="Bài điện thoại", title_en="Phone lesson", order=60
    )
    other = Lesson.objects.create(
        code="matrix-phone-ticked", title_vi="Bài đã đánh dấu", title_en="Ticked", order=61
    )
    world.phone_tick_b = tick_record(
        mentor_user=mentor_b.user,
        resident=world.phone_mentee_b,
        lesson=other,
        key=uuid.uuid4(),
        ticked_at=timezone.now() - datetime.timedelta(hours=1),
    ).tick


def _mentee_b(world) -> dict:
    return {"pk": world.phone_mentee_b.pk}


def _progress_b(world) -> tuple:
    return (
        sorted(
            Completion.objects.filter(resident=world.phone_mentee_b).values_list(
                "lesson_id", "ticked_at"
            )
        ),
        sorted(Tick.objects.filter(resident=world.phone_mentee_b).values_list("key", "undone_at")),
    )


ENDPOINTS = [
    Endpoint(
        "mentors:my_mentees",
        leak=lambda world: MENTEE_B,
        forbidden_roles=NOT_MENTORS,
    ),
    Endpoint(
        "mentors:mentee_tick",
        kwargs=_mentee_b,
        methods=("POST",),
        payload=lambda world: {
            "lesson": world.phone_lesson.pk,
            "key": str(uuid.uuid4()),
            "ticked_at": timezone.now().isoformat(),
        },
        snapshot=_progress_b,
        forbidden_roles=NOT_MENTORS,
    ),
    Endpoint(
        "mentors:mentee_undo",
        kwargs=_mentee_b,
        methods=("POST",),
        payload=lambda world: {"key": str(world.phone_tick_b.key)},
        snapshot=_progress_b,
        forbidden_roles=NOT_MENTORS,
    ),
    Endpoint("mentors:service_worker", public=True, note="script only, no data"),
]
