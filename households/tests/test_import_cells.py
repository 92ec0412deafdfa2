"""Cells the import would silently lose are reported: cells without a column name, and
XLSX formulas saved without a value (a parser reads them as blank)."""

from __future__ import annotations

import io

import pytest

from households.importing.service import residents_import
from households.models import Resident

from .import_files import HEADER, Formula, csv_bytes, family, handmade_xlsx, person, xlsx_bytes

pytestmark = pytest.mark.django_db

UNNAMED = (
    "This cell has no column name in the header row, so it would be lost: delete it or give its "
    "column a name."
)
FORMULA = "A formula without a value; paste values: copy the column, then Paste Special → Values."


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _errors(data: bytes, ward) -> list[tuple[int, str, str]]:
    report = residents_import(ward=ward, file=io.BytesIO(data), by=None)
    return [(e.line, e.column, e.message) for e in report.errors]


@pytest.mark.parametrize("build", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_a_fourteenth_cell_is_reported_with_its_line_and_column(ward_a, build):
    rows = family()
    rows[1] = [*rows[1], "ghi chú lạc"]
    assert _errors(build(rows), ward_a) == [(3, "N", UNNAMED)]
    assert not Resident.objects.exists()


def test_a_cell_under_an_empty_header_cell_is_reported(ward_a):
    header = [*HEADER[:5], "", *HEADER[5:]]
    rows = [[*row[:5], "", *row[5:]] for row in family()]
    rows[2][5] = "0909000111"
    assert _errors(csv_bytes(rows, header=header), ward_a) == [(4, "F", UNNAMED)]


def test_a_row_holding_only_a_stray_cell_reports_just_that_cell(ward_a):
    rows = [*family(), [""] * len(HEADER) + ["?"]]
    assert _errors(csv_bytes(rows), ward_a) == [(5, "N", UNNAMED)]


def test_empty_extra_cells_and_extra_named_columns_are_fine(ward_a):
    header = [*HEADER, "Ghi chú"]
    rows = [[*row, "gọi trước khi đến", "", ""] for row in family()]
    assert _errors(csv_bytes(rows, header=header), ward_a) == []
    assert Resident.objects.filter(ward=ward_a).count() == 3


def test_a_formula_without_a_saved_value_is_reported_as_a_formula(ward_a):
    rows = family()
    rows[0][HEADER.index("Ngày sinh")] = Formula("DATE(1958,3,15)")
    rows[2][HEADER.index("Số điện thoại")] = Formula('"0"&B4')
    assert _errors(handmade_xlsx(rows), ward_a) == [
        (2, "Ngày sinh", FORMULA),  # not "the date of birth is missing"
        (4, "Số điện thoại", FORMULA),  # not read as "keep the phone number"
    ]
    assert not Resident.objects.exists()


def test_formulas_written_by_a_script_are_reported(ward_a):
    """openpyxl, like most libraries, saves formulas without calculating them."""
    rows = family()
    rows[1][HEADER.index("Họ và tên")] = '=PROPER("trần thị bình")'
    assert _errors(xlsx_bytes(rows), ward_a) == [(3, "Họ và tên", FORMULA)]


def test_a_row_of_formulas_past_the_last_value_is_reported(ward_a):
    rows = [*family(), [Formula(f"A{n}") for n in range(len(HEADER))]]
    errors = _errors(handmade_xlsx(rows), ward_a)
    assert {(line, message) for line, _column, message in errors} == {(5, FORMULA)}
    assert [column for _line, column, _message in errors] == HEADER


def test_a_formula_with_its_saved_value_imports_the_value(ward_a):
    rows = family()
    rows[0][HEADER.index("Ngày sinh")] = Formula('TEXT(DATE(1958,3,15),"dd/mm/yyyy")', "15/03/1958")
    assert _errors(handmade_xlsx(rows), ward_a) == []
    assert Resident.objects.get(full_name="Nguyễn Văn An").date_of_birth.year == 1958


def test_a_formula_in_a_column_the_import_ignores_is_fine(ward_a):
    header = [*HEADER, "Ghi chú"]
    rows = [[*row, Formula("NOW()")] for row in family()]
    assert _errors(handmade_xlsx(rows, header=header), ward_a) == []


def test_a_person_row_stays_valid_next_to_the_lost_cell_checks(ward_a):
    """The checks for lost cells leave an ordinary file alone."""
    assert _errors(csv_bytes([person(cccd="074058001234")]), ward_a) == []


def test_a_cell_past_a_short_header_is_not_read_as_an_absent_column(ward_a):
    header = ["Họ và tên", "Ngày sinh", "Khu phố/Ấp", "Mã hộ"]
    rows = [["Nguyễn Văn An", "15/03/1958", "Khu phố 1", "HO-1", "Nam"]]
    assert _errors(csv_bytes(rows, header=header), ward_a) == [(2, "E", UNNAMED)]
