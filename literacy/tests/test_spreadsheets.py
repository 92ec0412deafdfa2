"""The shared spreadsheet helper: CSV neutralised and streamed, XLSX typed."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from literacy.spreadsheets import csv_cell, csv_lines, neutralise, restore, xlsx_write

EVIL = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("value", EVIL)
def test_dangerous_cells_are_prefixed_with_an_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "0909 123 456", "", 42, None])
def test_ordinary_values_are_untouched(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [*EVIL, "Nguyễn Văn An", "'quoted'", "'", ""])
def test_restore_gives_back_what_neutralise_was_given(value):
    assert restore(neutralise(value)) == value


def test_csv_cells_write_dates_as_day_month_year_and_nothing_for_none():
    assert csv_cell(datetime.date(1960, 9, 5)) == "05/09/1960"
    assert csv_cell(None) == ""
    assert csv_cell(2) == "2"


def test_csv_lines_are_produced_one_row_at_a_time():
    produced = []

    def rows():
        for n in range(3):
            produced.append(n)
            yield [f"=row {n}"]

    lines = csv_lines(rows())
    assert next(lines) == "\ufeff"
    assert next(lines) == "'=row 0\r\n"
    assert produced == [0]  # the next rows are not built yet


def test_xlsx_cells_are_typed_and_never_formulas():
    buffer = io.BytesIO()
    xlsx_write(
        buffer,
        title="test",
        rows=[["Họ và tên", "Ngày sinh", "VNeID"], ["=1+2", datetime.date(1960, 9, 5), 2]],
    )
    sheet = load_workbook(buffer).active
    name, born, level = sheet[2]
    assert (name.value, name.data_type) == ("=1+2", "s")
    assert born.is_date and born.number_format == "DD/MM/YYYY"
    assert level.value == 2
    assert sheet.freeze_panes == "A2"
