"""Roster pages, exports and API in the role × scope matrix (see literacy/tests/matrix.py).

Ward B's resident has a name found nowhere else ("Đỗ Thị Rò Rỉ") and ward B's household a
unique code, so any list, search, to-do list or export that shows them to a ward-A user fails.
"""

from __future__ import annotations

import datetime

from households.models import Household, Resident
from literacy.areas.models import Hamlet
from literacy.tests.matrix import Endpoint

NO_ROSTER = ("mentor", "team_lead")
LEAK_NAME = "Đỗ Thị Rò Rỉ"
LEAK_CODE = "RORI-B-001"


def build_world(world) -> None:
    if not hasattr(world, "hamlet_a"):
        world.hamlet_a = Hamlet.objects.create(ward=world.ward_a, name="Khu phố Ma Trận A")
        world.hamlet_b = Hamlet.objects.create(ward=world.ward_b, name="Khu phố Rò Rỉ B")
    world.household_a = Household.objects.create(
        ward=world.ward_a, hamlet=world.hamlet_a, code="MATRAN-A-001", address="1 Đường A"
    )
    world.household_b = Household.objects.create(
        ward=world.ward_b, hamlet=world.hamlet_b, code=LEAK_CODE, address="9 Đường Rò Rỉ"
    )
    world.resident_a = Resident.objects.create(
        ward=world.ward_a,
        household=world.household_a,
        full_name="Trần Văn Ma Trận",
        date_of_birth=datetime.date(1970, 1, 1),
        gender="M",
    )
    world.resident_b = Resident.objects.create(
        ward=world.ward_b,
        household=world.household_b,
        full_name=LEAK_NAME,
        date_of_birth=datetime.date(1975, 6, 1),
        gender="F",
        cccd="074175001234",
        phone="0909000111",
    )


def _resident_b(world) -> dict:
    return {"pk": world.resident_b.pk}


def _household_b(world) -> dict:
    return {"pk": world.household_b.pk}


def _resident_b_state(world):
    return tuple(
        Resident.objects.filter(pk=world.resident_b.pk).values_list(
            "full_name", "ward_id", "household_id", "cccd", "phone", "consent_at", "vneid_level"
        )
    )


def _household_b_state(world):
    return tuple(
        Household.objects.filter(pk=world.household_b.pk).values_list(
            "code", "address", "hamlet_id", "head_id", "ward_id"
        )
    )


def _ward_b_residents(world):
    return sorted(Resident.objects.filter(ward=world.ward_b).values_list("full_name", flat=True))


def _ward_b_households(world):
    return sorted(Household.objects.filter(ward=world.ward_b).values_list("code", flat=True))


def _leak_name(world) -> str:
    return LEAK_NAME


def _leak_code(world) -> str:
    return LEAK_CODE


def _search_leak(world) -> dict:
    return {"q": "do thi ro ri"}


def _hamlet_b_query(world) -> dict:
    return {"hamlet": world.hamlet_b.pk}


def _resident_form(world) -> dict:
    return {
        "ward": world.ward_b.pk,
        "household_code": LEAK_CODE,
        "full_name": "Kẻ Xâm Nhập",
        "date_of_birth": "1990-01-01",
        "gender": "M",
        "vneid_level": "0",
    }


def _resident_api_body(world) -> dict:
    return {"full_name": "Kẻ Xâm Nhập API", "household": world.household_b.pk}


def _household_form(world) -> dict:
    return {"hamlet": world.hamlet_b.pk, "code": "XAM-NHAP", "address": "Đã sửa"}


def _roster(url_name: str, **options) -> Endpoint:
    """A roster endpoint: mentors and team leads may not use any of them."""
    return Endpoint(url_name, forbidden_roles=NO_ROSTER, **options)


ENDPOINTS = [
    # Residents: pages
    _roster("households:resident_list", leak=_leak_name, query=_search_leak),
    _roster(
        "households:resident_create",
        methods=("GET", "POST"),
        payload=_resident_form,
        snapshot=_ward_b_residents,
    ),
    _roster("households:resident_detail", kwargs=_resident_b),
    _roster(
        "households:resident_edit",
        kwargs=_resident_b,
        methods=("GET", "POST"),
        payload=lambda w: {**_resident_form(w), "full_name": "Đã Sửa"},
        snapshot=_resident_b_state,
    ),
    _roster(
        "households:resident_move",
        kwargs=_resident_b,
        methods=("GET", "POST"),
        payload=lambda w: {"ward": w.ward_a.pk, "household_code": w.household_a.code},
        snapshot=_resident_b_state,
    ),
    _roster(
        "households:resident_consent",
        kwargs=_resident_b,
        methods=("GET", "POST"),
        payload=lambda w: {"consent_given": "on", "consent_purpose": "Xâm nhập"},
        snapshot=_resident_b_state,
    ),
    _roster("households:resident_export_csv", leak=_leak_name, query=_search_leak),
    _roster(
        "households:resident_export_xlsx",
        leak=_leak_name,
        query=_search_leak,
        note="XLSX is compressed: the leak check is weak here; test_exports parses the file",
    ),
    # Households: pages
    _roster("households:household_list", leak=_leak_code),
    _roster(
        "households:household_create",
        methods=("GET", "POST"),
        payload=_household_form,
        snapshot=_ward_b_households,
    ),
    _roster("households:household_detail", kwargs=_household_b),
    _roster(
        "households:household_edit",
        kwargs=_household_b,
        methods=("GET", "POST"),
        payload=_household_form,
        snapshot=_household_b_state,
    ),
    _roster("households:household_export_csv", leak=_leak_code),
    _roster("households:household_export_xlsx", leak=_leak_code),
    # To-do lists
    _roster("households:family_todo", leak=_leak_code),
    _roster("households:identity_todo", leak=_leak_name, query=_hamlet_b_query),
    _roster("households:identity_todo_export_csv", leak=_leak_name, query=_hamlet_b_query),
    _roster("households:identity_todo_export_xlsx", leak=_leak_name, query=_hamlet_b_query),
    # API
    _roster(
        "api:resident-list",
        api=True,
        methods=("GET", "POST"),
        query=_search_leak,
        payload=_resident_api_body,
        snapshot=_ward_b_residents,
        leak=_leak_name,
    ),
    _roster(
        "api:resident-detail",
        api=True,
        kwargs=_resident_b,
        methods=("GET", "PATCH", "PUT"),
        payload=lambda w: {"full_name": "Đã Sửa API", "household": w.household_a.pk},
        snapshot=_resident_b_state,
    ),
    _roster(
        "api:household-list",
        api=True,
        methods=("GET", "POST"),
        payload=lambda w: {"hamlet": w.hamlet_b.pk, "code": "XAM-NHAP-API"},
        snapshot=_ward_b_households,
        leak=_leak_code,
    ),
    _roster(
        "api:household-detail",
        api=True,
        kwargs=_household_b,
        methods=("GET", "PATCH", "PUT"),
        payload=lambda w: {"hamlet": w.hamlet_a.pk, "code": "DA-SUA", "address": "x"},
        snapshot=_household_b_state,
    ),
]
