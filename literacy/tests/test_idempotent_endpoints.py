"""Every API endpoint that creates honours ``Idempotency-Key`` (see ``literacy.idempotency``).

The router is read, not a list: a new creating endpoint without ``IdempotentCreateMixin`` fails
here, and so does one without a payload below to try it with.
"""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.tests.factories import LessonFactory
from literacy.api_urls import router


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
    client = login(request.getfixturevalue(role))
    body = payload({"ward": ward_a})
    model = apps.get_model(model_label)
    before = model.objects.count()
    url = reverse(f"api:{basename}-list")
    headers = {"Idempotency-Key": f"resend-{basename}"}
    first = client.post(url, body, content_type="application/json", headers=headers)
    again = client.post(url, body, content_type="application/json", headers=headers)
    assert first.status_code == 201, first.content
    assert (again.status_code, again.content) == (201, first.content)
    assert model.objects.count() == before + 1


def test_the_schema_documents_the_header_on_every_create(login, ward_official):
    paths = login(ward_official).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    creates = {
        path: operations["post"]
        for path, operations in paths["paths"].items()
        if "post" in operations and path != "/api/v1/auth/token/"
    }
    assert len(creates) == len(CREATES)
    for path, operation in creates.items():
        headers = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert headers == ["Idempotency-Key"], path
