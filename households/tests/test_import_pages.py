"""The upload page, the template, the result page with its error list, the status endpoint."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from households.importing.columns import COLUMNS
from households.models import Resident

from .import_files import csv_bytes, family, person, xlsx_bytes

pytestmark = pytest.mark.django_db


def _upload(client, ward, data: bytes, name="danh-sach.csv"):
    return client.post(
        reverse("households:import"),
        {"ward": ward.pk, "file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_ward_official_imports_a_file_and_sees_the_counts(login, ward_official, ward_a):
    client = login(ward_official)
    response = _upload(client, ward_a, xlsx_bytes(family()), "danh-sach.xlsx")
    assert response.status_code == 200
    assert b'data-testid="import-done"' in response.content
    assert Resident.objects.filter(ward=ward_a).count() == 3


def test_bad_file_shows_every_problem_and_offers_the_list_as_csv(login, ward_official, ward_a):
    client = login(ward_official)
    rows = family() + [person(full_name="Lê Văn Tư", date_of_birth="32/01/1990", is_head="")]
    response = _upload(client, ward_a, csv_bytes(rows))
    assert b'data-testid="import-errors"' in response.content
    assert "Ngày sinh".encode() in response.content
    assert not Resident.objects.exists()
    job_id = response.resolver_match.kwargs["job_id"]
    download = client.get(reverse("households:import_errors", kwargs={"job_id": job_id}))
    assert download["Content-Type"].startswith("text/csv")
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[1][:2] == ["5", "Ngày sinh"]


def test_official_cannot_import_into_another_ward(login, ward_official, ward_b):
    client = login(ward_official)
    response = _upload(client, ward_b, csv_bytes(family()))
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert not Resident.objects.exists()


@pytest.mark.parametrize("role", ["provincial_user", "mentor_user", "team_lead_user"])
def test_other_roles_cannot_import(request, login, role, ward_a):
    client = login(request.getfixturevalue(role))
    assert client.get(reverse("households:import")).status_code == 403
    assert _upload(client, ward_a, csv_bytes(family())).status_code == 403
    assert not Resident.objects.exists()


def test_a_job_of_another_ward_is_not_found(login, ward_official, other_ward_official, ward_b):
    response = _upload(login(other_ward_official), ward_b, csv_bytes(family()))
    job_id = response.resolver_match.kwargs["job_id"]
    client = login(ward_official)
    for name in ("import_result", "import_status", "import_errors"):
        assert (
            client.get(reverse(f"households:{name}", kwargs={"job_id": job_id})).status_code == 404
        )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_has_the_vietnamese_headers_in_order(login, ward_official, fmt):
    response = login(ward_official).get(reverse("households:import_template"), {"format": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        header = [cell.value for cell in sheet[1]]
    assert header == [
        "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số điện thoại", "Khu phố/Ấp",
        "Mã hộ", "Địa chỉ hộ", "Chủ hộ", "Nhóm", "VNeID", "Tài khoản ngân hàng", "Ví điện tử",
    ]  # fmt: skip
    assert header == [column.header for column in COLUMNS]


def test_large_file_runs_as_a_task_and_reports_progress(
    login, ward_official, ward_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Over IMPORT_INLINE_MAX_ROWS the file goes to Celery (eager in tests) after commit."""
    settings.IMPORT_INLINE_MAX_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    client = login(ward_official)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _upload(client, ward_a, csv_bytes(family()))
    job_id = response.resolver_match.kwargs["job_id"]
    url = reverse("households:import_status", kwargs={"job_id": job_id})
    assert client.get(url).json()["state"] == "queued"
    assert not Resident.objects.exists()
    for callback in callbacks:
        callback()
    status = client.get(reverse("households:import_status", kwargs={"job_id": job_id})).json()
    assert status == {"state": "done", "done": 3, "total": 3, "percent": 100, "finished": True}
    assert Resident.objects.filter(ward=ward_a).count() == 3
    assert not list((tmp_path / "imports").iterdir())  # the upload is deleted


def test_file_over_the_limit_is_refused_by_the_form(login, ward_official, ward_a, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    response = _upload(login(ward_official), ward_a, csv_bytes(family()))
    assert b"errorlist" in response.content and b"MB" in response.content
    assert not Resident.objects.exists()
