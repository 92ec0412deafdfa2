"""Export the resident list, edit it, import it back: exactly the edit changes.

The exported CCCD is masked; the import reads a masked number as "unchanged" and checks that it
belongs to the person the row stands for.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation

from households.importing.service import residents_import
from households.models import Resident
from literacy.audit.models import AuditEvent

from .import_files import HEADER, csv_bytes, family

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def roster(ward_a):
    """The family of three, imported (the head and his wife have a CCCD)."""
    report = residents_import(ward=ward_a, file=io.BytesIO(csv_bytes(family())), by=None)
    assert report.ok and report.created == 3
    return ward_a


def _state(ward) -> dict[int, dict]:
    """Every stored field of every resident and household of the ward."""
    people = {
        r.pk: model_to_dict(r) | {"household_head": r.household.head_id}
        for r in Resident.objects.filter(ward=ward).select_related("household")
    }
    return people


def _export(client, fmt: str) -> bytes:
    response = client.get(reverse(f"households:resident_export_{fmt}"))
    data = b"".join(response.streaming_content)
    translation.activate("en")  # the request switched to the site's language
    return data


def _line(data: bytes, name: str) -> int:
    """The spreadsheet line of ``name`` in a CSV export (the header is line 1)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return [row[0] for row in rows].index(name) + 1


def _edit_csv(data: bytes, name: str, column: str, value: str) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    for row in rows[1:]:
        if row[0] == name:
            row[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def _edit_xlsx(data: bytes, name: str, column: str, value: str) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == name:
            row[header.index(column)].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EDIT = {"csv": _edit_csv, "xlsx": _edit_xlsx}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_exported_list_imports_back_unchanged(login, ward_official, roster, fmt):
    before = _state(roster)
    data = _export(login(ward_official), fmt)
    report = residents_import(ward=roster, file=io.BytesIO(data), by=ward_official)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert _state(roster) == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_editing_one_cell_of_an_export_changes_exactly_that(login, ward_official, roster, fmt):
    before = _state(roster)
    data = _export(login(ward_official), fmt)
    edited = EDIT[fmt](data, "Trần Thị Bình", "Số điện thoại", "0987654321")
    report = residents_import(ward=roster, file=io.BytesIO(edited), by=ward_official)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    after = _state(roster)
    binh = Resident.objects.get(full_name="Trần Thị Bình")
    assert after[binh.pk].pop("phone") == "0987654321"
    assert before[binh.pk].pop("phone") == "0912345678"
    assert after == before  # the CCCDs (exported masked) included
    (update,) = AuditEvent.objects.filter(action="update", object_type="resident")
    assert (update.before, update.after) == ({"phone": "0912345678"}, {"phone": "0987654321"})


def test_a_corrected_name_keeps_the_person_and_the_masked_cccd(login, ward_official, roster):
    before = _state(roster)
    data = _export(login(ward_official), "xlsx")
    edited = _edit_xlsx(data, "Trần Thị Bình", "Họ và tên", "Trần Thị Bình An")
    report = residents_import(ward=roster, file=io.BytesIO(edited), by=ward_official)
    assert (report.ok, report.created, report.updated) == (True, 0, 1)
    person = Resident.objects.get(full_name="Trần Thị Bình An")
    assert person.cccd == "074162005678"
    assert _state(roster).keys() == before.keys()


def test_a_masked_cccd_nobody_in_the_roster_has_is_refused(login, ward_official, roster):
    data = _export(login(ward_official), "csv")
    edited = _edit_csv(data, "Nguyễn Văn An", "Họ và tên", "Người Khác Hẳn")
    edited = _edit_csv(edited, "Người Khác Hẳn", "Ngày sinh", "01/01/1970")
    report = residents_import(ward=roster, file=io.BytesIO(edited), by=ward_official)
    ((line, column, message),) = [(e.line, e.column, e.message) for e in report.errors]
    assert (line, column) == (_line(data, "Nguyễn Văn An"), "Số CCCD")
    assert message.startswith("A masked citizen ID (********1234) only stands for a person")
    assert not Resident.objects.filter(full_name="Người Khác Hẳn").exists()


def test_a_masked_cccd_that_is_not_the_persons_is_refused(login, ward_official, roster):
    data = _export(login(ward_official), "csv")
    edited = _edit_csv(data, "Trần Thị Bình", "Số CCCD", "********9999")
    report = residents_import(ward=roster, file=io.BytesIO(edited), by=ward_official)
    ((line, column, message),) = [(e.line, e.column, e.message) for e in report.errors]
    assert (line, column) == (_line(data, "Trần Thị Bình"), "Số CCCD")
    assert message.startswith("The masked citizen ID ends in 9999")


def test_a_masked_cccd_for_a_person_without_one_is_refused(login, ward_official, roster):
    data = _export(login(ward_official), "csv")
    edited = _edit_csv(data, "Nguyễn Đức Đạt", "Số CCCD", "********1234")
    report = residents_import(ward=roster, file=io.BytesIO(edited), by=ward_official)
    assert [(e.line, e.column) for e in report.errors] == [
        (_line(data, "Nguyễn Đức Đạt"), "Số CCCD")
    ]


def test_a_full_cccd_typed_over_the_mask_replaces_it(login, ward_official, roster):
    data = _export(login(ward_official), "csv")
    edited = _edit_csv(data, "Nguyễn Đức Đạt", "Số CCCD", "074206001111")
    report = residents_import(ward=roster, file=io.BytesIO(edited), by=ward_official)
    assert report.ok, report.errors
    assert Resident.objects.get(full_name="Nguyễn Đức Đạt").cccd == "074206001111"


def test_formula_like_text_survives_a_csv_round_trip(login, ward_official, roster):
    dat = Resident.objects.get(full_name="Nguyễn Đức Đạt")
    dat.full_name = "-Đạt-"
    dat.save()
    before = _state(roster)
    data = _export(login(ward_official), "csv")
    assert "'-Đạt-" in data.decode("utf-8-sig")  # neutralised in the file
    report = residents_import(ward=roster, file=io.BytesIO(data), by=ward_official)
    assert (report.ok, report.unchanged) == (True, 3)
    assert _state(roster) == before


def test_export_header_is_the_template_header(login, ward_official, roster):
    data = _export(login(ward_official), "csv")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[: len(HEADER)] == HEADER
