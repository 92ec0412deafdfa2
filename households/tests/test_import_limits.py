"""A tiny upload must not tie up a worker: caps on rows, unpacked size and listed errors.

The files are built here, in a fraction of a second: an XLSX of one-cell rows (the zip bomb
seen in the field: 296 KB that unpacked to 95 MB and 2 million rows, 6.1 million errors).
"""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.urls import reverse

from households.importing.jobs import AUDIT_OBJECT_TYPE
from households.importing.models import ImportJob, ImportStatus
from households.importing.service import residents_import
from households.models import Resident
from literacy.audit.models import AuditEvent

from .import_files import csv_bytes, family, one_cell_rows_xlsx, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def _unpacked(data: bytes) -> int:
    return sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())


@pytest.fixture
def parse_spy(monkeypatch):
    """Records whether the sheet was handed to the XLSX parser (calamine)."""
    from python_calamine import CalamineWorkbook

    calls = []
    original = CalamineWorkbook.from_filelike

    class Spy:
        @staticmethod
        def from_filelike(file):
            calls.append(file)
            return original(file)

    monkeypatch.setattr("python_calamine.CalamineWorkbook", Spy)
    return calls


def test_a_zip_bomb_of_one_cell_rows_is_refused_before_it_is_parsed(ward_a, settings, parse_spy):
    bomb = one_cell_rows_xlsx(settings.IMPORT_MAX_ROWS + 10_000)
    assert len(bomb) < 1_500_000 and _unpacked(bomb) > 10 * len(bomb)
    report = residents_import(ward=ward_a, file=io.BytesIO(bomb), by=None)
    assert [(e.line, e.column, e.message) for e in report.errors] == [
        (0, "", "The file has more than 200,000 rows. Split it into files of at most 200,000 rows.")
    ]
    assert report.error_count == 1
    assert parse_spy == []
    assert not Resident.objects.exists()


def test_a_workbook_that_unpacks_past_the_limit_is_refused(ward_a, settings, parse_spy):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    bomb = one_cell_rows_xlsx(30_000)
    assert len(bomb) < settings.IMPORT_MAX_UNCOMPRESSED_BYTES < _unpacked(bomb)
    report = residents_import(ward=ward_a, file=io.BytesIO(bomb), by=None)
    assert report.errors[0].message == (
        "The workbook holds more than 1 MB of data once unpacked. Split it."
    )
    assert parse_spy == []


def test_a_csv_with_too_many_rows_is_refused(ward_a, settings):
    settings.IMPORT_MAX_ROWS = 5
    report = residents_import(ward=ward_a, file=io.BytesIO(csv_bytes(family() * 2)), by=None)
    assert report.errors[0].message == (
        "The file has more than 5 rows. Split it into files of at most 5 rows."
    )
    assert not Resident.objects.exists()


def test_the_row_cap_holds_when_the_quick_count_is_wrong(ward_a, settings):
    """Old Mac line ends (CR only) hide the rows from the newline count: the reader counts."""
    settings.IMPORT_MAX_ROWS = 5
    data = csv_bytes(family() * 2, newline="\r")
    report = residents_import(ward=ward_a, file=io.BytesIO(data), by=None)
    assert report.errors[0].message.startswith("The file has more than 5 rows.")


def test_errors_stop_being_listed_at_the_cap_and_are_counted_by_kind(ward_a, settings):
    settings.IMPORT_MAX_ERRORS = 1000
    rows = 3000  # each row holds only a name: three required cells missing
    report = residents_import(ward=ward_a, file=io.BytesIO(one_cell_rows_xlsx(rows)), by=None)
    assert not report.ok and report.rows == rows
    assert report.error_count == 3 * rows
    assert len(report.errors) == 1000
    assert report.errors[0].line == 2 and report.errors[-1].line < 2 + 1000
    assert sorted((k.column, k.example, k.first_line, k.count) for k in report.error_kinds) == [
        ("Khu phố/Ấp", "The neighbourhood/hamlet is missing.", 2, rows),
        ("Mã hộ", "The household code is missing.", 2, rows),
        ("Ngày sinh", "The date of birth is missing.", 2, rows),
    ]


def test_kinds_group_messages_that_quote_the_cell(ward_a, settings):
    settings.IMPORT_MAX_ERRORS = 2
    rows = [
        person(full_name=f"Người {n}", date_of_birth=f"{n}/13/1990", household_code=f"H{n}")
        for n in range(1, 6)
    ]
    report = residents_import(ward=ward_a, file=io.BytesIO(csv_bytes(rows)), by=None)
    assert (report.error_count, len(report.errors)) == (5, 2)
    ((column, example, first_line, count),) = [k.to_list() for k in report.error_kinds]
    assert (column, example, first_line, count) == (
        "Ngày sinh",
        "“1/13/1990” is not a real date.",
        2,
        5,
    )


def _upload(client, ward, data: bytes, name: str):
    return client.post(
        reverse("households:import"),
        {"ward": ward.pk, "file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_a_rejected_import_is_kept_in_the_database_with_capped_errors_and_audited_once(
    login, ward_official, ward_a, settings
):
    settings.IMPORT_INLINE_MAX_ROWS = 5000
    client = login(ward_official)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages are compared in English
    response = _upload(client, ward_a, one_cell_rows_xlsx(3000), "ds.xlsx")
    assert b'data-testid="import-error-kinds"' in response.content

    job = ImportJob.objects.get()
    assert (job.ward, job.created_by, job.filename) == (ward_a, ward_official, "ds.xlsx")
    assert job.status == ImportStatus.REJECTED
    assert (job.rows, job.error_count, len(job.errors), len(job.error_kinds)) == (
        3000,
        9000,
        1000,
        3,
    )
    assert job.created_at <= job.started_at <= job.finished_at
    assert not Resident.objects.exists()

    (event,) = AuditEvent.objects.filter(object_type=AUDIT_OBJECT_TYPE)
    assert (event.object_id, event.actor, event.ward_id) == (str(job.pk), ward_official, ward_a.pk)
    assert event.after["status"] == "rejected" and event.after["problems"] == 9000

    status = client.get(reverse("households:import_status", kwargs={"job_id": job.pk})).json()
    assert status["state"] == "rejected" and status["finished"]

    download = client.get(reverse("households:import_errors", kwargs={"job_id": job.pk}))
    assert isinstance(download, StreamingHttpResponse)
    chunks = iter(download.streaming_content)
    assert next(chunks) == "\ufeff".encode()  # sent row by row, not built whole
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8"))))
    assert len(rows) == 1 + 1000 + 1 + 3
    assert rows[1001][2] == "8000 more problems are not listed. By kind, with the first line:"
    assert rows[1002] == ["2", "Ngày sinh", "3000 × The date of birth is missing."]
    assert AuditEvent.objects.filter(object_type=AUDIT_OBJECT_TYPE).count() == 1
