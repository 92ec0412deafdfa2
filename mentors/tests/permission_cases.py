"""Mentor pages and API in the role × scope matrix (see literacy/tests/matrix.py).

The world gets, in ward A, the matrix mentor's own record guiding ``resident_a`` and a team led
by the matrix team lead; in ward B, another mentor ("Võ Thị Ngoài Vùng") guiding ``resident_b``,
a team and a tick. Ward-B objects answer 404 to every role scoped to ward A (a mentor ticking
for someone not theirs included), lists never show them, and writes aimed at them change
nothing. Registering mentors, teams and assignments is for ward officials; ticking for mentors.
"""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from lessons.models import Completion, Lesson
from literacy.tests.matrix import Endpoint
from mentors.models import Assignment, CommunityTeam, Mentor, Tick

from .factories import MentorUserFactory

NOT_OFFICIALS = ("provincial", "team_lead", "mentor")
NOT_READERS = ("team_lead", "mentor")
NOT_MENTORS = ("provincial", "ward_official", "team_lead")
MENTOR_B_NAME = "Võ Thị Ngoài Vùng"
TEAM_B_NAME = "Tổ Ngoài Vùng B"
TICK_B_KEY = uuid.UUID("00000000-0000-4000-8000-00000000000b")


def build_world(world) -> None:
    start = timezone.now() - datetime.timedelta(days=10)
    world.team_a = CommunityTeam.objects.create(
        ward=world.ward_a, name="Tổ Ma Trận A", lead=world.users["team_lead"]
    )
    world.team_b = CommunityTeam.objects.create(ward=world.ward_b, name=TEAM_B_NAME)
    world.mentor_a = Mentor.objects.create(
        user=world.users["mentor"],
        full_name="Lý Văn Ma Trận",
        phone="0901111111",
        ward=world.ward_a,
        home_hamlet=world.hamlet_a,
        team=world.team_a,
    )
    world.mentor_b = Mentor.objects.create(
        user=MentorUserFactory(username="m_mentor_b", wards=[world.ward_b]),
        full_name=MENTOR_B_NAME,
        phone="0902222222",
        ward=world.ward_b,
        home_hamlet=world.hamlet_b,
        team=world.team_b,
    )
    world.assignment_a = Assignment.objects.create(
        mentor=world.mentor_a, mentee=world.resident_a, starts_at=start
    )
    world.assignment_b = Assignment.objects.create(
        mentor=world.mentor_b, mentee=world.resident_b, starts_at=start
    )
    world.tick_lesson = Lesson.objects.create(
        code="matrix-tick-lesson", title_vi="Bài đánh dấu", title_en="Tick lesson", order=60
    )
    world.tick_b = Tick.objects.create(
        key=TICK_B_KEY,
        mentor=world.mentor_b,
        resident=world.resident_b,
        ward_id=world.resident_b.ward_id,
        lesson=world.tick_lesson,
        ticked_at=start,
        received_at=start,
    )


def _ward_b(world) -> dict:
    return {"ward_pk": world.ward_b.pk}


def _mentor_b(world) -> dict:
    return {"pk": world.mentor_b.pk}


def _team_b(world) -> dict:
    return {"pk": world.team_b.pk}


def _mentor_b_state(world):
    return tuple(
        Mentor.objects.filter(pk=world.mentor_b.pk).values_list(
            "full_name", "phone", "organisation", "home_hamlet_id", "team_id", "is_active",
            "must_change_password", "user__password",
        )
    )  # fmt: skip


def _ward_b_mentors(world):
    return sorted(Mentor.objects.filter(ward=world.ward_b).values_list("pk", "full_name"))


def _ward_b_teams(world):
    return sorted(CommunityTeam.objects.filter(ward=world.ward_b).values_list("pk", "name", "lead"))


def _ward_b_assignments(world):
    return sorted(
        Assignment.objects.filter(mentor__ward=world.ward_b).values_list(
            "pk", "mentor_id", "mentee_id", "ends_at"
        )
    )


def _ward_b_progress(world):
    return (
        sorted(Tick.objects.filter(resident=world.resident_b).values_list("key", "undone_at")),
        sorted(Completion.objects.filter(resident=world.resident_b).values_list("lesson_id")),
    )


def _leak_mentor(world) -> str:
    return MENTOR_B_NAME


def _leak_resident(world) -> str:
    return world.resident_b.full_name


def _leak_team(world) -> str:
    return TEAM_B_NAME


def _leak_tick(world) -> str:
    return str(TICK_B_KEY)


def _mentor_form(world) -> dict:
    return {
        "full_name": "Kẻ Xâm Nhập",
        "phone": "0903333333",
        "organisation": "other",
        "home_hamlet": world.hamlet_b.pk,
    }


def _mentor_api(world) -> dict:
    return {**_mentor_form(world), "ward": world.ward_b.pk}


def _tick_b(world) -> dict:
    return {"key": str(TICK_B_KEY)}


def _tick_api(world) -> dict:
    return {
        "key": str(uuid.uuid4()),
        "resident": world.resident_b.pk,
        "lesson": world.tick_lesson.pk,
    }


def _suggest_post(world) -> dict:
    return {
        "mentee": [world.resident_b.pk],
        f"mentor-{world.resident_b.pk}": world.mentor_b.pk,
        f"keep-{world.resident_b.pk}": "1",
    }


ENDPOINTS = [
    # Pages
    Endpoint("mentors:home", note="each role's starting page: a redirect (or 404)"),
    Endpoint("mentors:ward_list", forbidden_roles=NOT_READERS, leak=lambda w: w.ward_b.name),
    Endpoint("mentors:ward_detail", kwargs=_ward_b, forbidden_roles=NOT_READERS),
    Endpoint("mentors:unassigned", kwargs=_ward_b, forbidden_roles=NOT_READERS),
    Endpoint(
        "mentors:mentor_create",
        kwargs=_ward_b,
        methods=("GET", "POST"),
        payload=_mentor_form,
        snapshot=_ward_b_mentors,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint(
        "mentors:import",
        kwargs=_ward_b,
        methods=("GET", "POST"),
        snapshot=_ward_b_mentors,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint("mentors:import_template", forbidden_roles=NOT_OFFICIALS),
    Endpoint(
        "mentors:suggest",
        kwargs=_ward_b,
        methods=("GET", "POST"),
        payload=_suggest_post,
        snapshot=_ward_b_assignments,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint("mentors:team_list", kwargs=_ward_b, forbidden_roles=NOT_READERS),
    Endpoint(
        "mentors:team_create",
        kwargs=_ward_b,
        methods=("GET", "POST"),
        payload=lambda w: {"name": "Tổ Xâm Nhập"},
        snapshot=_ward_b_teams,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint("mentors:mentor_detail", kwargs=_mentor_b, forbidden_roles=NOT_READERS),
    Endpoint(
        "mentors:mentor_edit",
        kwargs=_mentor_b,
        methods=("GET", "POST"),
        payload=_mentor_form,
        snapshot=_mentor_b_state,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint(
        "mentors:mentor_leave",
        kwargs=_mentor_b,
        methods=("POST",),
        snapshot=_mentor_b_state,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint(
        "mentors:mentor_new_code",
        kwargs=_mentor_b,
        methods=("POST",),
        snapshot=_mentor_b_state,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint(
        "mentors:mentor_assign",
        kwargs=_mentor_b,
        methods=("POST",),
        payload=lambda w: {"mentee": w.resident_a.pk},
        snapshot=_ward_b_assignments,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint(
        "mentors:mentee_assign",
        kwargs=lambda w: {"resident_pk": w.resident_b.pk},
        methods=("GET", "POST"),
        payload=lambda w: {"mentor": w.mentor_a.pk},
        snapshot=_ward_b_assignments,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint(
        "mentors:assignment_end",
        kwargs=lambda w: {"pk": w.assignment_b.pk},
        methods=("POST",),
        snapshot=_ward_b_assignments,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint("mentors:team_detail", kwargs=_team_b, forbidden_roles=("mentor",)),
    Endpoint(
        "mentors:team_edit",
        kwargs=_team_b,
        methods=("GET", "POST"),
        payload=lambda w: {"name": "Đã Sửa"},
        snapshot=_ward_b_teams,
        forbidden_roles=NOT_OFFICIALS,
    ),
    Endpoint(
        "mentors:my_team",
        forbidden_roles=("provincial", "ward_official", "mentor"),
        leak=_leak_team,
    ),
    # API
    Endpoint(
        "api:mentor-list",
        api=True,
        methods=("GET", "POST"),
        payload=_mentor_api,
        leak=_leak_mentor,
        snapshot=_ward_b_mentors,
    ),
    Endpoint(
        "api:mentor-detail",
        api=True,
        kwargs=_mentor_b,
        methods=("GET", "PATCH", "PUT"),
        payload=_mentor_form,
        snapshot=_mentor_b_state,
    ),
    Endpoint(
        "api:mentor-leave",
        api=True,
        kwargs=_mentor_b,
        methods=("POST",),
        snapshot=_mentor_b_state,
    ),
    Endpoint(
        "api:team-list",
        api=True,
        methods=("GET", "POST"),
        payload=lambda w: {"ward": w.ward_b.pk, "name": "Tổ Xâm Nhập API"},
        leak=_leak_team,
        snapshot=_ward_b_teams,
    ),
    Endpoint(
        "api:team-detail",
        api=True,
        kwargs=_team_b,
        methods=("GET", "PATCH"),
        payload=lambda w: {"name": "Đã Sửa API"},
        snapshot=_ward_b_teams,
    ),
    Endpoint(
        "api:assignment-list",
        api=True,
        methods=("GET", "POST"),
        payload=lambda w: {"mentor": w.mentor_b.pk, "mentee": w.resident_b.pk, "replace": True},
        leak=_leak_resident,
        snapshot=_ward_b_assignments,
    ),
    Endpoint("api:assignment-detail", api=True, kwargs=lambda w: {"pk": w.assignment_b.pk}),
    Endpoint(
        "api:assignment-end",
        api=True,
        kwargs=lambda w: {"pk": w.assignment_b.pk},
        methods=("POST",),
        snapshot=_ward_b_assignments,
    ),
    Endpoint(
        "api:tick-list",
        api=True,
        methods=("GET", "POST"),
        payload=_tick_api,
        leak=_leak_tick,
        snapshot=_ward_b_progress,
        note="a mentor ticking for someone who is not their mentee gets 404",
    ),
    Endpoint(
        "api:tick-detail",
        api=True,
        kwargs=_tick_b,
        methods=("GET", "DELETE"),
        snapshot=_ward_b_progress,
    ),
    Endpoint(
        "api:tick-undo",
        api=True,
        kwargs=_tick_b,
        methods=("POST",),
        snapshot=_ward_b_progress,
    ),
]
