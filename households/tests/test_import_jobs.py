"""Every import attempt is an ImportJob row and one audit row; no job stays "running"."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from households.importing import jobs
from households.importing.models import ImportJob, ImportStatus
from households.models import Resident
from literacy.audit.models import AuditEvent

from .import_files import csv_bytes, family, person

pytestmark = pytest.mark.django_db


def _attempts() -> list[tuple[str, str]]:
    """(job id, status) of each audited import attempt, oldest first."""
    events = AuditEvent.objects.filter(object_type=jobs.AUDIT_OBJECT_TYPE).order_by("id")
    return [(event.object_id, event.after["status"]) for event in events]


def _start(ward, by, data: bytes, name="ds.csv") -> ImportJob:
    return jobs.job_start(ward=ward, by=by, file=io.BytesIO(data), filename=name)


@pytest.fixture
def broken_loader(monkeypatch):
    """The database half of the import breaks (a bug, a lost connection)."""

    def load(**kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr("households.importing.service.load", load)


def test_every_attempt_is_audited_exactly_once_with_its_outcome(ward_a, ward_official):
    done = _start(ward_a, ward_official, csv_bytes(family()))
    rejected = _start(ward_a, ward_official, csv_bytes([person(date_of_birth="hôm qua")]))
    unreadable = _start(ward_a, ward_official, b"", name="rong.csv")
    assert [job.status for job in (done, rejected, unreadable)] == [
        ImportStatus.DONE,
        ImportStatus.REJECTED,
        ImportStatus.REJECTED,
    ]
    assert _attempts() == [
        (str(done.pk), "done"),
        (str(rejected.pk), "rejected"),
        (str(unreadable.pk), "rejected"),
    ]
    assert (done.rows, done.created, done.error_count) == (3, 3, 0)


def test_an_import_that_breaks_is_failed_not_left_running_and_audited(
    ward_a, ward_official, broken_loader, caplog
):
    job = _start(ward_a, ward_official, csv_bytes(family()))
    assert job.status == ImportStatus.FAILED and job.finished_at is not None
    assert job.error_count == 1 and "lỗi phía hệ thống" in job.errors[0][2]
    assert _attempts() == [(str(job.pk), "failed")]
    assert not Resident.objects.exists()
    assert "connection lost" in caplog.text  # logged for the team, not shown to the user


def test_a_background_import_that_breaks_is_failed(
    ward_a, ward_official, settings, tmp_path, broken_loader, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_ROWS = 1
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(ward_a, ward_official, csv_bytes(family()))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert _attempts() == [(str(job.pk), "failed")]
    assert not default_storage.exists(job.upload)  # the upload is deleted all the same


def test_a_job_whose_file_is_gone_fails(ward_a, ward_official, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob.objects.create(
        ward=ward_a, filename="ds.csv", upload="imports/gone.upload", created_at=timezone.now()
    )
    jobs.job_run(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.errors == [[0, "", "Không còn tìm thấy tệp đã tải lên. Hãy tải lên lại."]]


def test_a_task_delivered_twice_imports_and_audits_once(
    ward_a, ward_official, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_ROWS = 1
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(ward_a, ward_official, csv_bytes(family()))
    jobs.job_run(job_id=str(job.pk))  # the broker redelivers the message
    assert _attempts() == [(str(job.pk), "done")]
    assert Resident.objects.filter(ward=ward_a).count() == 3


def test_a_job_whose_worker_vanished_is_failed_when_looked_at(
    login, ward_official, ward_a, settings
):
    started = timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 0))
    job = ImportJob.objects.create(
        ward=ward_a,
        created_by=ward_official,
        filename="ds.csv",
        status=ImportStatus.RUNNING,
        created_at=started,
        started_at=started,
    )
    client = login(ward_official)
    url = reverse("households:import_status", kwargs={"job_id": job.pk})
    limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    with time_machine.travel(started + limit / 2, tick=False):
        assert client.get(url).json()["state"] == "running"  # still within its time
    with time_machine.travel(started + limit + datetime.timedelta(minutes=5), tick=False):
        assert client.get(url).json()["state"] == "failed"
        assert client.get(url).json()["state"] == "failed"
    assert _attempts() == [(str(job.pk), "failed")]


def test_the_command_records_its_attempt_too(tmp_path, ward_a):
    from django.core.management import CommandError, call_command

    path = tmp_path / "ds.csv"
    path.write_bytes(csv_bytes([person(date_of_birth="x")]))
    with pytest.raises(CommandError):
        call_command("import_residents", str(path), ward=ward_a.code, stdout=io.StringIO())
    job = ImportJob.objects.get()
    assert (job.filename, job.status, job.created_by) == ("ds.csv", ImportStatus.REJECTED, None)
    assert _attempts() == [(str(job.pk), "rejected")]
