"""Every file format seen in the field imports the same people; anything else gets a clear
error, never a traceback."""

from __future__ import annotations

import io
import zipfile

import pytest

from households.importing.service import residents_import
from households.models import Resident

from .import_files import HEADER, csv_bytes, family, unicode_text_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

EXPECTED = {
    ("Nguyễn Văn An", "074058001234", "M"),
    ("Trần Thị Bình", "074162005678", "F"),
    ("Nguyễn Đức Đạt", None, "M"),
}


def _import(ward, data: bytes, by=None):
    return residents_import(ward=ward, file=io.BytesIO(data), by=by)


def _people(ward):
    return set(Resident.objects.filter(ward=ward).values_list("full_name", "cccd", "gender"))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(csv_bytes(family()), id="csv-utf8-bom-crlf"),
        pytest.param(csv_bytes(family(), bom=False, newline="\n"), id="csv-utf8-lf"),
        pytest.param(csv_bytes(family(), delimiter=";"), id="csv-semicolon"),
        pytest.param(unicode_text_bytes(family()), id="excel-unicode-text-utf16"),
        pytest.param(xlsx_bytes(family()), id="xlsx-text-cells"),
        pytest.param(xlsx_bytes(family(), typed=True), id="xlsx-typed-cells"),
    ],
)
def test_each_field_format_imports_the_same_people(ward_a, data):
    report = _import(ward_a, data)
    assert report.ok, report.errors
    assert report.created == 3
    assert _people(ward_a) == EXPECTED


def test_xlsx_numbers_get_back_their_leading_zeros(ward_a):
    """Excel turns 074058001234 typed in a General cell into the number 74058001234."""
    assert _import(ward_a, xlsx_bytes(family(), typed=True)).ok
    phones = set(Resident.objects.filter(ward=ward_a).values_list("phone", flat=True))
    assert "0912345678" in phones
    assert ("Nguyễn Văn An", "074058001234", "M") in _people(ward_a)


def test_headers_match_without_case_or_accents_and_in_any_order(ward_a):
    header = ["ho va ten", "NGAY SINH (dd/mm/yyyy)", "gioi tinh", "so cccd", "So dien thoai"]
    header += ["khu pho / ap", "MA HO", "dia chi ho", "chu ho", "nhom", "vneid"]
    header += ["tai khoan ngan hang", "vi dien tu"]
    rows = [list(reversed(row)) for row in family()]
    report = _import(ward_a, csv_bytes(rows, header=list(reversed(header))))
    assert report.ok, report.errors
    assert _people(ward_a) == EXPECTED


def test_missing_required_columns_are_named(ward_a):
    header = [h for h in HEADER if h not in ("Mã hộ", "Ngày sinh")]
    rows = [[c for h, c in zip(HEADER, row, strict=True) if h in header] for row in family()]
    report = _import(ward_a, csv_bytes(rows, header=header))
    assert not report.ok
    (error,) = report.errors
    assert error.line == 1
    assert "Ngày sinh" in error.message and "Mã hộ" in error.message
    assert not Resident.objects.exists()


def test_windows_1258_csv_is_refused_with_advice(ward_a):
    text = "Họ và tên,Ngày sinh,Khu phố/Ấp,Mã hộ\r\nLê Văn Đức,01/01/1980,Ấp 1,H1\r\n"
    report = _import(ward_a, text.encode("cp1258", errors="replace"))
    (error,) = report.errors
    assert "UTF-8" in error.message
    assert not Resident.objects.exists()


def test_old_xls_is_refused(ward_a):
    report = _import(ward_a, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert ".xls" in report.errors[0].message


def test_a_zip_that_is_not_a_workbook_is_refused(ward_a):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.txt", "hello")
    report = _import(ward_a, buffer.getvalue())
    assert "xlsx" in report.errors[0].message


def test_binary_junk_is_refused(ward_a):
    report = _import(ward_a, bytes(range(256)) * 8)
    assert not report.ok
    assert report.errors[0].line == 0


def test_empty_file_is_refused(ward_a):
    assert not _import(ward_a, b"").ok
    report = _import(ward_a, csv_bytes([]))
    assert not report.ok and not Resident.objects.exists()


def test_file_over_the_size_limit_is_refused_before_parsing(ward_a, settings):
    data = csv_bytes(family())
    settings.IMPORT_MAX_UPLOAD_BYTES = len(data) - 1
    report = _import(ward_a, data)
    (error,) = report.errors
    assert "MB" in error.message
    assert not Resident.objects.exists()


def test_xlsx_whose_unpacked_size_is_over_the_limit_is_refused(ward_a, settings):
    """A zip bomb: small on disk, huge once unpacked."""
    data = xlsx_bytes(family())
    settings.IMPORT_MAX_UPLOAD_BYTES = len(data) + 10
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = len(data) + 10
    report = _import(ward_a, data)
    (error,) = report.errors
    assert "MB" in error.message
    assert not Resident.objects.exists()
