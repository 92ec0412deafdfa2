"""The database logs every change to what the figures count, whoever writes it."""

from __future__ import annotations

import io

from django.db import connection
from django.utils import timezone

from households.models import Resident
from households.services import resident_delete, resident_update
from literacy.coverage.models import CoverageChange
from literacy.coverage.models.changes import ChangeKind
from literacy.coverage.rollup.runs import coverage_rollup_incremental
from literacy.coverage.triggers import BULK_ROWS

from .checks import rollup_mismatches


def _logged() -> set[tuple[str, int | None]]:
    return set(CoverageChange.objects.values_list("kind", "object_id"))


def _counted_so_far():
    coverage_rollup_incremental(now=timezone.now())
    assert not CoverageChange.objects.exists()


def test_a_service_write_logs_the_resident(area):
    _counted_so_far()
    resident = area.people[0]
    resident_update(by=None, resident=resident, vneid_level=2)
    assert _logged() == {(ChangeKind.RESIDENT, resident.pk)}


def test_a_change_the_figures_do_not_read_logs_nothing(area):
    _counted_so_far()
    resident_update(by=None, resident=area.people[0], full_name="Tên Mới", phone="0909123456")
    Resident.objects.filter(pk=area.people[1].pk).update(is_trained=True)
    assert _logged() == set()


def test_raw_sql_and_copy_are_logged_too(area):
    _counted_so_far()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE households_resident SET has_bank_account = true WHERE id = %s",
            [area.people[2].pk],
        )
        text = f"{area.ward_b.pk}\tBằng COPY\tbang copy\t\t\t\tf\tf\tf\tf\tf\t0\tf\tf\tf\t"
        text += "now\tnow\n"
        cursor.copy_expert(
            "COPY households_resident (ward_id, full_name, name_folded, gender, phone,"
            " consent_purpose, is_worker, is_small_trader, is_farmer, is_ethnic_minority,"
            " has_disability, vneid_level, has_bank_account, has_ewallet, is_trained,"
            " created_at, updated_at) FROM STDIN",
            io.StringIO(text),
        )
    copied = Resident.objects.get(full_name="Bằng COPY")
    assert _logged() == {
        (ChangeKind.RESIDENT, area.people[2].pk),
        (ChangeKind.RESIDENT, copied.pk),
    }
    coverage_rollup_incremental(now=timezone.now())
    assert rollup_mismatches(timezone.localdate()) == []


def test_a_cascade_delete_is_logged_and_counted(area):
    _counted_so_far()
    mentee = area.people[1]  # has a mentor: the assignment goes with them
    resident_delete(by=None, resident=mentee)
    assert (ChangeKind.MENTOR, area.mentor.pk) in _logged()
    coverage_rollup_incremental(now=timezone.now())
    assert rollup_mismatches(timezone.localdate()) == []


def test_a_bulk_statement_logs_its_wards(area):
    _counted_so_far()
    Resident.objects.bulk_create(
        Resident(ward=area.ward_b, full_name=f"Người {i}", name_folded=f"nguoi {i}")
        for i in range(BULK_ROWS + 1)
    )
    assert _logged() == {(ChangeKind.WARD, area.ward_b.pk)}
    result = coverage_rollup_incremental(now=timezone.now())
    assert result.rebuilt_wards == [area.ward_b.pk]
    assert rollup_mismatches(timezone.localdate()) == []
