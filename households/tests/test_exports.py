from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from households.exports import neutralise

from .factories import ResidentFactory

EVIL = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("value", EVIL)
def test_dangerous_cells_are_prefixed_with_an_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "0909 123 456", "", 42, None])
def test_ordinary_values_are_untouched(value):
    assert neutralise(value) == value


def _header(english: str) -> str:
    """The column header as the (Vietnamese-first) export writes it."""
    with translation.override("vi"):
        return translation.gettext(english)


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows()]


def test_csv_export_neutralises_formulas(login, ward_official, household_a):
    ResidentFactory(household=household_a, full_name="=1+2", phone="+84909")
    response = login(ward_official).get(reverse("households:resident_export_csv"))
    header, row = _csv_rows(response)
    assert row[header.index(_header("Full name"))] == "'=1+2"
    assert row[header.index(_header("Phone number"))] == "'+84909"


def test_xlsx_export_stores_formulas_as_text(login, ward_official, household_a):
    ResidentFactory(household=household_a, full_name="=cmd|' /C calc'!A0")
    response = login(ward_official).get(reverse("households:resident_export_xlsx"))
    header, row = _xlsx_rows(response)
    name = row[[c.value for c in header].index(_header("Full name"))]
    assert name.value == "'=cmd|' /C calc'!A0"
    assert name.data_type == "s"


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


def test_ethnic_minority_column_only_for_managers(
    login, ward_official, provincial_user, household_a
):
    ResidentFactory(household=household_a, is_ethnic_minority=True)
    column = _header("Ethnic minority")
    official = _csv_rows(login(ward_official).get(reverse("households:resident_export_csv")))
    assert column in official[0]
    provincial = _xlsx_rows(login(provincial_user).get(reverse("households:resident_export_xlsx")))
    assert column not in [cell.value for cell in provincial[0]]


def test_household_and_identity_exports(login, ward_official, household_a):
    ResidentFactory(household=household_a, full_name="@Cần Thăm")
    client = login(ward_official)
    households = _csv_rows(client.get(reverse("households:household_export_csv")))
    assert households[1][0] == household_a.code
    todo = _xlsx_rows(
        client.get(
            reverse("households:identity_todo_export_xlsx"), {"hamlet": household_a.hamlet_id}
        )
    )
    assert todo[1][0].value == "'@Cần Thăm"
