"""Every API endpoint that creates honours ``Idempotency-Key`` (see ``literacy.idempotency``).

The router is read, not a list: a new creating endpoint without ``IdempotentCreateMixin`` fails
here, and so does one without a payload below to try it with.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.tests.factories import LessonFactory
from literacy.api_urls import router
from mentors.tests.factories import AssignmentFactory, MentorFactory


def _creating_viewsets() -> dict[str, type]:
    return {
        basename: viewset
        for _prefix, viewset, basename in router.registry
        if hasattr(viewset, "create")
    }


def _class(world) -> dict:
    hamlet = HamletFactory(ward=world["ward"], name="Ấp gửi lại")
    person = ResidentFactory(household=HouseholdFactory(hamlet=hamlet))
    return {
        "hamlet": hamlet.pk,
        "starts_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "lessons": [LessonFactory().pk],
        "attendees": [person.pk],
    }


def _mentor(world) -> dict:
    return {
        "ward": world["ward"].pk,
        "full_name": "Trịnh Văn Gửi Lại",
        "phone": "0987650001",
        "home_hamlet": HamletFactory(ward=world["ward"]).pk,
    }


def _assignment(world) -> dict:
    hamlet = HamletFactory(ward=world["ward"])
    return {
        "mentor": MentorFactory(home_hamlet=hamlet).pk,
        "mentee": ResidentFactory(household=HouseholdFactory(hamlet=hamlet)).pk,
    }


def _tick(world) -> dict:
    """The signed-in mentor ticks a lesson for their mentee; the tick's key is the key."""
    mentor = MentorFactory(user=world["user"], home_hamlet=HamletFactory(ward=world["ward"]))
    mentee = ResidentFactory(household=HouseholdFactory(hamlet=mentor.home_hamlet))
    AssignmentFactory(mentor=mentor, mentee=mentee)
    return {"key": str(uuid.uuid4()), "resident": mentee.pk, "lesson": LessonFactory().pk}


#: basename → (role fixture, model counted, payload builder)
CREATES = {
    "class": ("ward_official", "lessons.ClassSession", _class),
    "lesson": (
        "provincial_user",
        "lessons.Lesson",
        lambda world: {"code": "gui-lai", "title_vi": "Bài gửi lại", "title_en": "Resent"},
    ),
    "resident": (
        "ward_official",
        "households.Resident",
        lambda world: {
            "full_name": "Lê Thị Gửi Lại",
            "household": HouseholdFactory(hamlet=HamletFactory(ward=world["ward"])).pk,
        },
    ),
    "household": (
        "ward_official",
        "households.Household",
        lambda world: {"hamlet": HamletFactory(ward=world["ward"]).pk, "code": "HO-GUILAI"},
    ),
    "hamlet": ("ward_official", "areas.Hamlet", lambda world: {"name": "Tổ dân phố gửi lại"}),
    "mentor": ("ward_official", "mentors.Mentor", _mentor),
    "team": (
        "ward_official",
        "mentors.CommunityTeam",
        lambda world: {"ward": world["ward"].pk, "name": "Tổ công nghệ số gửi lại"},
    ),
    "assignment": ("ward_official", "mentors.Assignment", _assignment),
    "tick": ("mentor_user", "mentors.Tick", _tick),
}

#: What a replay leaves out of the first answer: a mentor's one-time code is never stored.
NOT_REPLAYED = {
    "mentor": lambda body: {**body, "sign_in": {"username": body["sign_in"]["username"]}},
}


def test_every_creating_endpoint_has_the_idempotency_mixin():
    viewsets = _creating_viewsets()
    assert viewsets, "no creating endpoint found on the router"
    missing = [name for name, viewset in viewsets.items() if not viewset.create.is_idempotent]
    assert not missing, f"creating endpoints without IdempotentCreateMixin: {missing}"
    assert set(viewsets) == set(CREATES), "add a payload for each creating endpoint to CREATES"


@pytest.mark.parametrize("basename", sorted(CREATES))
def test_a_resent_create_returns_the_first_object(basename, request, login, ward_a):
    role, model_label, payload = CREATES[basename]
    user = request.getfixturevalue(role)
    client = login(user)
    body = payload({"ward": ward_a, "user": user})
    model = apps.get_model(model_label)
    before = model.objects.count()
    url = reverse(f"api:{basename}-list")
    headers = {"Idempotency-Key": body.get("key", f"resend-{basename}")}
    first = client.post(url, body, content_type="application/json", headers=headers)
    again = client.post(url, body, content_type="application/json", headers=headers)
    assert first.status_code == 201, first.content
    replayed = NOT_REPLAYED.get(basename, lambda body: body)(first.json())
    assert (again.status_code, again.json()) == (201, replayed)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert model.objects.count() == before + 1


def test_the_schema_documents_the_header_on_every_post(login, ward_official):
    """Creates (POST on a list) and actions on one object (a mentor leaves, an untick)."""
    paths = login(ward_official).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    posts = {
        path: operations["post"]
        for path, operations in paths["paths"].items()
        if "post" in operations and path != "/api/v1/auth/token/"
    }
    assert len([path for path in posts if "{" not in path]) == len(CREATES)
    for path, operation in posts.items():
        headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert headers == ["Idempotency-Key"], path
