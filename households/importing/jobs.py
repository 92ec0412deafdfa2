"""Import jobs: the uploaded file and the import's state, shared by the page, the status
endpoint and the Celery worker.

A job lives in the cache (Redis in production and tests) for a day: it holds the ward, who
started it, the progress and, at the end, the report. Large files are saved to the default
storage for the worker and deleted once imported.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from literacy.areas.models import Ward

from ..tasks import residents_import_task
from .readers import FileError, read_table
from .report import ImportReport, RowError
from .service import residents_import

JOB_TTL = 24 * 60 * 60
QUEUED, RUNNING, DONE = "queued", "running", "done"


def _key(job_id: str) -> str:
    return f"households:import:{job_id}"


def job_get(job_id) -> dict | None:
    return cache.get(_key(str(job_id)))


def _save(job: dict) -> None:
    cache.set(_key(job["id"]), job, JOB_TTL)


def job_for_user(*, user, job_id) -> dict:
    """The job, if it imports into a ward the user manages; 404 otherwise."""
    job = job_get(job_id)
    if job is None or not Ward.objects.manageable_by(user).filter(pk=job["ward_id"]).exists():
        raise Http404
    return job


def job_report(job: dict) -> ImportReport | None:
    return ImportReport.from_dict(job["report"]) if job.get("report") else None


def _new_job(*, ward, by, filename: str) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "ward_id": ward.pk,
        "user_id": getattr(by, "pk", None),
        "filename": filename,
        "state": QUEUED,
        "done": 0,
        "total": None,
        "report": None,
        "created_at": timezone.now().isoformat(),
        "path": "",
    }


def _estimate_rows(file) -> int | None:
    """A cheap row count to choose inline or background (None: unknown → background)."""
    try:
        table = read_table(file)
    except FileError:
        return 0  # inline: the import reports the problem straight away
    finally:
        file.seek(0)
    table.rows.close()
    return table.estimated_rows


def job_start(*, ward, by, file, filename: str) -> dict:
    """Import small files now; save big ones and queue them for a worker. Returns the job."""
    job = _new_job(ward=ward, by=by, filename=filename)
    rows = _estimate_rows(file)  # an oversized file is a FileError: 0, reported inline
    if rows is not None and rows <= settings.IMPORT_INLINE_MAX_ROWS:
        report = residents_import(ward=ward, file=file, by=by)
        job.update(state=DONE, done=report.rows, total=report.rows, report=report.to_dict())
        _save(job)
        return job
    job["path"] = default_storage.save(f"imports/{job['id']}.upload", file)
    job["total"] = rows
    _save(job)
    residents_import_task.delay_on_commit(job["id"])
    return job


def job_run(*, job_id: str) -> None:
    """Run a queued job (the Celery task). Idempotent: a job that is no longer queued, or that
    another worker has claimed, is left alone."""
    job = job_get(job_id)
    if job is None or job["state"] != QUEUED:
        return
    if not cache.add(f"{_key(job_id)}:claim", 1, settings.CELERY_TASK_TIME_LIMIT):
        return
    job["state"] = RUNNING
    _save(job)

    def progress(done: int, total: int | None) -> None:
        job.update(done=done, total=total or job["total"])
        _save(job)

    by = get_user_model().objects.filter(pk=job["user_id"]).first()
    ward = Ward.objects.get(pk=job["ward_id"])
    try:
        with default_storage.open(job["path"], "rb") as file:
            report = residents_import(ward=ward, file=file, by=by, progress=progress)
    except FileNotFoundError:
        report = ImportReport(
            errors=[RowError(0, "", _("The uploaded file is gone. Upload it again."))]
        )
    job.update(state=DONE, done=report.rows, total=report.rows, report=report.to_dict())
    _save(job)
    default_storage.delete(job["path"])
