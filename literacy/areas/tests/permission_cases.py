"""Hamlet pages and API in the role × scope matrix (see literacy/tests/matrix.py)."""

from __future__ import annotations

from literacy.areas.models import Hamlet
from literacy.tests.matrix import Endpoint

NO_ROSTER = ("mentor", "team_lead")


def build_world(world) -> None:
    world.hamlet_a = Hamlet.objects.create(ward=world.ward_a, name="Khu phố Ma Trận A")
    world.hamlet_b = Hamlet.objects.create(ward=world.ward_b, name="Khu phố Rò Rỉ B")


def _hamlet_b(world) -> dict:
    return {"pk": world.hamlet_b.pk}


def _hamlet_b_state(world):
    return tuple(Hamlet.objects.filter(pk=world.hamlet_b.pk).values_list("name", "hamlet_type"))


def _ward_b_hamlets(world):
    return sorted(Hamlet.objects.filter(ward=world.ward_b).values_list("name", flat=True))


def _leak(world) -> str:
    return world.hamlet_b.name


ENDPOINTS = [
    Endpoint("areas:hamlet_list", leak=_leak, forbidden_roles=NO_ROSTER),
    Endpoint(
        "areas:hamlet_create",
        methods=("GET", "POST"),
        payload=lambda w: {"ward": w.ward_b.pk, "name": "Ấp Xâm Nhập", "hamlet_type": "ap"},
        snapshot=_ward_b_hamlets,
        forbidden_roles=NO_ROSTER,
    ),
    Endpoint(
        "areas:hamlet_edit",
        kwargs=_hamlet_b,
        methods=("GET", "POST"),
        payload=lambda w: {"name": "Đã Đổi Tên", "hamlet_type": "ap"},
        snapshot=_hamlet_b_state,
        forbidden_roles=NO_ROSTER,
    ),
    Endpoint(
        "api:hamlet-list",
        api=True,
        methods=("GET", "POST"),
        payload=lambda w: {"ward": w.ward_b.pk, "name": "Ấp Xâm Nhập API"},
        snapshot=_ward_b_hamlets,
        leak=_leak,
        forbidden_roles=NO_ROSTER,
    ),
    Endpoint(
        "api:hamlet-detail",
        api=True,
        kwargs=_hamlet_b,
        methods=("GET", "PATCH", "PUT"),
        payload=lambda w: {"name": "Đã Đổi Tên API", "hamlet_type": "ap"},
        snapshot=_hamlet_b_state,
        forbidden_roles=NO_ROSTER,
    ),
]
