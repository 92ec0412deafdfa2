"""Re-importing changes nothing; known people are updated, never duplicated; audit rows."""

from __future__ import annotations

import datetime
import io

import pytest

from households.importing.service import residents_import
from households.models import Household, Resident
from literacy.areas.models import Hamlet
from literacy.audit.models import AuditEvent

from .factories import HamletFactory, HouseholdFactory, ResidentFactory
from .import_files import csv_bytes, family, person

pytestmark = pytest.mark.django_db


def _import(ward, rows, by=None):
    return residents_import(ward=ward, file=io.BytesIO(csv_bytes(rows)), by=by)


def _state(ward):
    return sorted(
        Resident.objects.filter(ward=ward).values_list(
            "id", "full_name", "name_folded", "date_of_birth", "gender", "cccd", "phone",
            "household_id", "is_worker", "is_small_trader", "vneid_level", "has_bank_account",
            "has_ewallet", "updated_at",
        )
    )  # fmt: skip


def test_import_stores_people_households_hamlets_and_heads(ward_a, ward_official):
    report = _import(ward_a, family(), by=ward_official)
    assert (report.created, report.households_created, report.hamlets_created) == (3, 1, 1)
    household = Household.objects.get(ward=ward_a, code="HO-001")
    assert household.hamlet.name == "Khu phố 1" and household.address == "12 Lê Lợi"
    assert household.head.full_name == "Nguyễn Văn An"
    binh = Resident.objects.get(full_name="Trần Thị Bình")
    assert binh.name_folded == "tran thi binh"
    assert (binh.is_small_trader, binh.is_worker, binh.vneid_level, binh.has_ewallet) == (
        True, False, 1, True,
    )  # fmt: skip
    assert binh.date_of_birth == datetime.date(1962, 11, 2)
    assert Resident.objects.get(full_name="Nguyễn Đức Đạt").name_folded == "nguyen duc dat"


def test_reimporting_the_same_file_changes_nothing(ward_a, ward_official):
    _import(ward_a, family(), by=ward_official)
    before, audit_rows = _state(ward_a), AuditEvent.objects.count()
    report = _import(ward_a, family(), by=ward_official)
    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert (report.households_created, report.households_updated) == (0, 0)
    assert _state(ward_a) == before
    assert AuditEvent.objects.count() == audit_rows


def test_known_people_are_updated_by_cccd_or_by_name_birth_and_household(ward_a):
    _import(ward_a, family())
    ids = dict(Resident.objects.values_list("full_name", "id"))
    rows = family()
    rows[0][0] = "Nguyễn Văn Ân"  # name corrected: found by CCCD
    rows[0][10] = "1"
    rows[2][0] = "NGUYEN DUC DAT"  # no CCCD: found by folded name + birth + household
    rows[2][3] = "074206012345"  # and now has a CCCD
    report = _import(ward_a, rows)
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    assert Resident.objects.count() == 3
    an = Resident.objects.get(pk=ids["Nguyễn Văn An"])
    assert (an.full_name, an.vneid_level, an.name_folded) == ("Nguyễn Văn Ân", 1, "nguyen van an")
    assert Resident.objects.get(pk=ids["Nguyễn Đức Đạt"]).cccd == "074206012345"


def test_empty_cells_keep_what_is_stored(ward_a):
    _import(ward_a, family())
    rows = family()
    rows[1][4] = ""  # phone
    rows[1][9] = ""  # segments
    rows[1][12] = ""  # e-wallet
    report = _import(ward_a, rows)
    assert report.unchanged == 3
    binh = Resident.objects.get(full_name="Trần Thị Bình")
    assert (binh.phone, binh.is_small_trader, binh.has_ewallet) == ("0912345678", True, True)


def test_people_already_in_the_roster_are_not_duplicated(ward_a):
    household = HouseholdFactory(hamlet=HamletFactory(ward=ward_a, name="Khu phố 1"), code="HO-001")
    existing = ResidentFactory(
        household=household, full_name="Nguyễn Văn An", date_of_birth=datetime.date(1958, 3, 15)
    )
    report = _import(ward_a, family())
    assert (report.created, report.updated) == (2, 1)
    assert Resident.objects.filter(ward=ward_a).count() == 3
    existing.refresh_from_db()
    assert existing.cccd == "074058001234"
    assert Household.objects.get(pk=household.pk).head_id == existing.pk


def test_hamlets_match_existing_ones_ignoring_case_and_accents(ward_a):
    hamlet = HamletFactory(ward=ward_a, name="Ấp Bình Hòa")
    rows = [
        person(hamlet="ap binh hoa"),
        person(full_name="Lê Văn Tư", hamlet="Ấp Mới", household_code="HO-2"),
    ]
    report = _import(ward_a, rows)
    assert report.hamlets_created == 1
    assert Household.objects.get(code="HO-001").hamlet_id == hamlet.pk
    assert Hamlet.objects.get(ward=ward_a, name="Ấp Mới").hamlet_type == "ap"


def test_household_codes_are_per_ward(ward_a, ward_b):
    assert _import(ward_a, [person()]).ok
    assert _import(ward_b, [person(full_name="Lê Văn Khác")]).ok
    assert Household.objects.filter(code="HO-001").count() == 2


def test_audit_rows_record_who_ward_and_before_after(ward_a, ward_official):
    _import(ward_a, family(), by=ward_official)
    created = AuditEvent.objects.filter(object_type="resident", action="create")
    assert created.count() == 3
    event = created.get(summary="Nguyễn Văn An")
    assert (event.actor, event.ward) == (ward_official, ward_a)
    assert event.after["cccd"] == "********1234"
    assert event.after["date_of_birth"] == "1958-03-15"
    assert "074058001234" not in str(event.after)
    assert AuditEvent.objects.filter(object_type="household", action="create").count() == 1

    rows = family()
    rows[0][10] = "1"
    _import(ward_a, rows, by=ward_official)
    (update,) = AuditEvent.objects.filter(object_type="resident", action="update")
    assert (update.before, update.after) == ({"vneid_level": 2}, {"vneid_level": 1})
    assert update.actor == ward_official


def test_a_head_moved_to_another_household_no_longer_heads_the_old_one(ward_a, ward_official):
    _import(ward_a, family(), by=ward_official)
    moved = family()
    moved[0] = person(
        cccd="074058001234", household_code="HO-002", household_address="3 Hùng Vương"
    )
    report = _import(ward_a, moved, by=ward_official)
    assert report.ok, report.errors
    an = Resident.objects.get(cccd="074058001234")
    assert an.household.code == "HO-002"
    assert Household.objects.get(ward=ward_a, code="HO-002").head == an
    assert Household.objects.get(ward=ward_a, code="HO-001").head is None
    event = AuditEvent.objects.filter(object_type="household", before__head_id=an.pk).get()
    assert event.after == {"head_id": None}
