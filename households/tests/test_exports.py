from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from .factories import ResidentFactory
from .import_files import HEADER


def _header(english: str) -> str:
    """A column header as the (Vietnamese-first) export writes it."""
    with translation.override("vi"):
        return translation.gettext(english)


def _csv_rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_sheet(response):
    assert isinstance(response, FileResponse)
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def _xlsx_rows(response):
    return [list(row) for row in _xlsx_sheet(response).iter_rows()]


def test_resident_export_has_the_import_template_columns_in_order(login, ward_official):
    client = login(ward_official)
    (header,) = _csv_rows(client.get(reverse("households:resident_export_csv")))
    assert header == [*HEADER, _header("Ward/commune"), _header("Trained")]
    xlsx_header = _xlsx_rows(client.get(reverse("households:resident_export_xlsx")))[0]
    assert [cell.value for cell in xlsx_header] == header


def test_resident_export_writes_cells_the_way_the_import_reads_them(
    login, ward_official, household_a
):
    household_a.address = "12 Lê Lợi"
    head = ResidentFactory(
        household=household_a,
        full_name="Trần Văn Chủ",
        date_of_birth=datetime.date(1958, 3, 15),
        gender="M",
        cccd="074058001234",
        phone="0912345678",
        is_small_trader=True,
        is_farmer=True,
        vneid_level=2,
        has_bank_account=True,
    )
    household_a.head = head
    household_a.save()
    ResidentFactory(household=household_a, full_name="Lê Thị Con", gender="F")
    rows = _csv_rows(login(ward_official).get(reverse("households:resident_export_csv")))
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_name["Trần Văn Chủ"] == {
        "Họ và tên": "Trần Văn Chủ",
        "Ngày sinh": "15/03/1958",
        "Giới tính": "Nam",
        "Số CCCD": "********1234",
        "Số điện thoại": "0912345678",
        "Khu phố/Ấp": household_a.hamlet.name,
        "Mã hộ": household_a.code,
        "Địa chỉ hộ": "12 Lê Lợi",
        "Chủ hộ": "x",
        "Nhóm": "Tiểu thương, Nông dân",
        "VNeID": "2",
        "Tài khoản ngân hàng": "có",
        "Ví điện tử": "không",
        _header("Ward/commune"): household_a.ward.name,
        _header("Trained"): _header("No"),
    }
    assert by_name["Lê Thị Con"]["Giới tính"] == "Nữ"
    assert by_name["Lê Thị Con"]["Chủ hộ"] == ""
    assert by_name["Lê Thị Con"]["Số CCCD"] == ""


def test_csv_export_neutralises_formulas(login, ward_official, household_a):
    ResidentFactory(household=household_a, full_name="=1+2", phone="+84909")
    response = login(ward_official).get(reverse("households:resident_export_csv"))
    header, row = _csv_rows(response)
    assert row[header.index("Họ và tên")] == "'=1+2"
    assert row[header.index("Số điện thoại")] == "'+84909"


def test_xlsx_export_writes_formula_like_text_as_text_without_an_apostrophe(
    login, ward_official, household_a
):
    ResidentFactory(household=household_a, full_name="=cmd|' /C calc'!A0")
    response = login(ward_official).get(reverse("households:resident_export_xlsx"))
    header, row = _xlsx_rows(response)
    name = row[[c.value for c in header].index("Họ và tên")]
    assert name.value == "=cmd|' /C calc'!A0"
    assert name.data_type == "s"


def test_xlsx_export_keeps_dates_as_date_cells_and_freezes_the_header(
    login, ward_official, household_a
):
    ResidentFactory(household=household_a, date_of_birth=datetime.date(1960, 9, 5))
    sheet = _xlsx_sheet(login(ward_official).get(reverse("households:resident_export_xlsx")))
    born = sheet.cell(row=2, column=HEADER.index("Ngày sinh") + 1)
    assert born.is_date and born.value == datetime.datetime(1960, 9, 5)
    assert born.number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=1, column=1).font.bold


def test_export_follows_the_filters_and_masks_cccd(login, ward_official, household_a):
    ResidentFactory(household=household_a, full_name="Nguyễn Văn An", cccd="074058001234")
    ResidentFactory(household=household_a, full_name="Lê Thị Cúc")
    response = login(ward_official).get(
        reverse("households:resident_export_csv"), {"q": "nguyen van"}
    )
    rows = _csv_rows(response)
    assert [row[0] for row in rows[1:]] == ["Nguyễn Văn An"]
    assert "074058001234" not in str(rows) and "********1234" in str(rows)


def test_export_stays_in_scope(login, ward_official, household_a, household_b):
    ResidentFactory(household=household_a, full_name="Người Phường A")
    ResidentFactory(household=household_b, full_name="Người Phường B")
    client = login(ward_official)
    csv_names = [r[0] for r in _csv_rows(client.get(reverse("households:resident_export_csv")))]
    xlsx_names = [
        r[0].value for r in _xlsx_rows(client.get(reverse("households:resident_export_xlsx")))
    ]
    assert csv_names[1:] == ["Người Phường A"]
    assert xlsx_names[1:] == ["Người Phường A"]


def test_ethnic_minority_group_only_for_managers(
    login, ward_official, provincial_user, household_a
):
    ResidentFactory(household=household_a, is_ethnic_minority=True, is_farmer=True)
    official = _csv_rows(login(ward_official).get(reverse("households:resident_export_csv")))
    assert official[1][HEADER.index("Nhóm")] == "Nông dân, Dân tộc thiểu số"
    provincial = _xlsx_rows(login(provincial_user).get(reverse("households:resident_export_xlsx")))
    assert provincial[1][HEADER.index("Nhóm")].value == "Nông dân"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_household_export_lists_the_households(login, ward_official, household_a, fmt):
    response = login(ward_official).get(reverse(f"households:household_export_{fmt}"))
    rows = (
        _csv_rows(response)
        if fmt == "csv"
        else [[cell.value for cell in row] for row in _xlsx_rows(response)]
    )
    assert rows[0][0] == _header("Household code")
    assert rows[1][0] == household_a.code


def test_identity_todo_export_has_the_template_columns(login, ward_official, household_a):
    ResidentFactory(household=household_a, full_name="@Cần Thăm")
    todo = _xlsx_rows(
        login(ward_official).get(
            reverse("households:identity_todo_export_xlsx"), {"hamlet": household_a.hamlet_id}
        )
    )
    assert [cell.value for cell in todo[0]][: len(HEADER)] == HEADER
    assert todo[1][0].value == "@Cần Thăm"
