"""Every row is checked before anything is stored; the report names line, column and reason."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from households.importing.report import RowError, error_rows
from households.importing.service import residents_import
from households.importing.values import fast_fold
from households.models import Household, Resident
from literacy.areas.models import Hamlet
from literacy.spreadsheets import csv_lines
from literacy.text import fold

from .factories import HouseholdFactory, ResidentFactory
from .import_files import csv_bytes, family, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English here; Vietnamese (the default) is tested on its own."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _import(ward, rows):
    return residents_import(ward=ward, file=io.BytesIO(csv_bytes(rows)), by=None)


def _errors(report):
    return [(e.line, e.column, e.message) for e in report.errors]


def test_one_bad_row_means_nothing_is_imported(ward_a):
    rows = family() + [person(full_name="Lê Văn Cường", date_of_birth="31/02/1990", is_head="")]
    report = _import(ward_a, rows)
    assert _errors(report) == [(5, "Ngày sinh", "“31/02/1990” is not a real date.")]
    assert not Resident.objects.exists()
    assert not Household.objects.exists()
    assert not Hamlet.objects.filter(ward=ward_a).exists()


def test_every_bad_row_is_listed_with_its_spreadsheet_line_and_column(ward_a):
    rows = [
        person(cccd="074058001234"),  # line 2: fine
        person(full_name="", household_code="HO-2"),  # line 3
        person(full_name="Phạm Thị Lan", gender="Nu ", household_code="HO-3", vneid="3"),
        person(full_name="Võ Văn Tài", date_of_birth="1990-13-01", household_code="HO-4"),
        person(full_name="Hồ Văn Nam", phone="12345", household_code="HO-5", segments="Bác sĩ"),
    ]
    report = _import(ward_a, rows)
    assert [(line, column) for line, column, _ in _errors(report)] == [
        (3, "Họ và tên"),
        (4, "VNeID"),
        (5, "Ngày sinh"),
        (6, "Số điện thoại"),
        (6, "Nhóm"),
    ]
    assert not Resident.objects.exists()


def test_errors_are_in_vietnamese_by_default(ward_a, settings):
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        report = _import(ward_a, [person(date_of_birth="hôm qua")])
    (error,) = report.errors
    assert error.column == "Ngày sinh"
    assert (
        error.message
        == "“hôm qua” không phải là ngày: hãy ghi theo dạng dd/mm/yyyy, ví dụ 05/09/1960."
    )


def test_cccd_errors_say_which_part_is_wrong(ward_a):
    rows = [
        person(cccd="074258001234"),  # digit 4 says 2000s, born 1958
        person(full_name="Trần Thị Bình", household_code="HO-2", gender="Nữ", cccd="074058001235"),
        person(full_name="Lê Văn Cường", household_code="HO-3", cccd="74058001234"),
    ]
    report = _import(ward_a, rows)
    messages = _errors(report)
    assert messages[0][:2] == (2, "Số CCCD") and "Digit 4 (2)" in messages[0][2]
    assert any(line == 3 and "is for a man" in message for line, _, message in messages)
    # 11 digits from a spreadsheet that dropped the leading zero: restored, then valid
    assert not any(line == 4 for line, _, _ in messages)


def test_the_same_cccd_twice_in_the_file_is_refused(ward_a):
    rows = [
        person(cccd="074058001234"),
        person(full_name="Lê Văn An", cccd="074058001234", is_head=""),
    ]
    assert _errors(_import(ward_a, rows)) == [(3, "Số CCCD", "The same citizen ID is on line 2.")]


def test_the_same_person_twice_in_the_file_is_refused(ward_a):
    rows = [person(), person(full_name="nguyen van an", is_head="")]
    ((line, column, message),) = _errors(_import(ward_a, rows))
    assert (line, column) == (3, "Họ và tên") and "line 2" in message


def test_a_household_has_one_hamlet_one_address_and_one_head(ward_a):
    rows = [
        person(),
        person(full_name="Lê Thị Hoa", gender="Nữ", hamlet="Khu phố 2", is_head=""),
        person(full_name="Lê Thị Mai", gender="Nữ", household_address="99 Khác", is_head=""),
        person(full_name="Lê Văn Hải", is_head="x"),
    ]
    assert [(line, column) for line, column, _ in _errors(_import(ward_a, rows))] == [
        (3, "Khu phố/Ấp"),
        (4, "Địa chỉ hộ"),
        (5, "Chủ hộ"),
    ]


def test_cccd_of_someone_in_another_ward_is_refused_without_saying_who(ward_a, ward_b):
    other = ResidentFactory(
        household=HouseholdFactory(hamlet__ward=ward_b),
        full_name="Bí Mật Phường Bê",
        cccd="074058001234",
        date_of_birth=datetime.date(1958, 3, 15),
    )
    report = _import(ward_a, family())
    ((line, column, message),) = _errors(report)
    assert (line, column) == (2, "Số CCCD")
    assert other.full_name not in message and ward_b.name not in message
    assert not Resident.objects.filter(ward=ward_a).exists()


def test_error_list_downloads_as_csv_with_formula_cells_neutralised(ward_a):
    report = _import(ward_a, [person(date_of_birth="=1+1")])
    # No message written today starts with the user's text; the CSV must stay safe if one does.
    report.errors += [RowError(0, "", start) for start in ("=HYPERLINK(1)", "+1", "-1", "@A1")]
    data = "".join(csv_lines(error_rows(report.errors, [], 0)))
    assert data.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(data.lstrip("\ufeff")))) == [
        ["Line", "Column", "Problem"],
        ["2", "Ngày sinh", "“=1+1” is not a date: write it as dd/mm/yyyy, e.g. 05/09/1960."],
        ["", "", "'=HYPERLINK(1)"],
        ["", "", "'+1"],
        ["", "", "'-1"],
        ["", "", "'@A1"],
    ]


def test_fast_fold_agrees_with_fold():
    samples = ["Nguyễn Văn Đạt", "ĐẶNG THỊ ÁNH", "  Hồ   Ngọc\tHà ", "Lý Ñandú Œ", "Nguyễn"]
    samples.append("Nguye\u0302\u0303n")  # decomposed accents, as some Macs write them
    for text in samples:
        assert fast_fold(text) == fold(text)
