"""``manage.py import_residents``: prints the report, exits non-zero when a row is bad."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from households.models import Resident

from .import_files import HEADER, csv_bytes, family, person

pytestmark = pytest.mark.django_db


def test_command_imports_a_file(tmp_path, ward_a):
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes(family()))
    out = io.StringIO()
    call_command("import_residents", str(path), ward=ward_a.code, stdout=out)
    assert Resident.objects.filter(ward=ward_a).count() == 3
    assert "3" in out.getvalue() and ward_a.name in out.getvalue()


def test_command_prints_every_problem_and_fails(tmp_path, ward_a):
    path = tmp_path / "ds.csv"
    rows = [person(date_of_birth="99/99/1999"), person(full_name="", household_code="H2")]
    path.write_bytes(csv_bytes(rows))
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_residents", str(path), ward=ward_a.code, stdout=out)
    printed = out.getvalue().splitlines()
    assert len(printed) == 2
    assert printed[0].startswith("Dòng 2") and "Ngày sinh" in printed[0]
    assert printed[1].startswith("Dòng 3") and "Họ và tên" in printed[1]
    assert "2" in str(failure.value)
    assert not Resident.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_command_exit_status_is_non_zero_when_a_row_is_bad(tmp_path, ward_a):
    """Through manage.py in its own process, on the test database (hence a committed ward)."""
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes([person(date_of_birth="x")]))
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{connection.settings_dict['NAME']}")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_residents", str(path), "--ward", str(ward_a.code)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DATABASE_URL": urlunsplit(url)},
    )
    assert result.returncode == 1
    assert result.stdout.startswith("Dòng 2") and "Ngày sinh" in result.stdout
    assert not Resident.objects.exists()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_command_writes_the_template(tmp_path, suffix):
    path = tmp_path / f"mau{suffix}"
    call_command("import_residents", template=str(path), stdout=io.StringIO())
    if suffix == ".csv":
        assert path.read_bytes().decode("utf-8-sig").strip() == ",".join(HEADER)
    else:
        sheet = openpyxl.load_workbook(path).worksheets[0]
        assert [cell.value for cell in sheet[1]] == HEADER


def test_unknown_ward_is_a_clear_error(tmp_path, wards):
    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes(family()))
    with pytest.raises(CommandError, match="99999"):
        call_command("import_residents", str(path), ward=99999, stdout=io.StringIO())
