"""Import jobs: every attempt to import a roster file, recorded as an :class:`ImportJob` row.

Small files are imported during the upload request; larger ones are saved to the default
storage and imported by a Celery worker, the page polling the job's progress. Every attempt
ends as *done*, *rejected* (the file has problems; nothing stored) or *failed* (something broke;
nothing stored), never left *running*: an exception marks the job failed, and a job whose
worker vanished (killed at the hard time limit) is marked failed when it is next looked at.
Each attempt is written to the audit log exactly once, in the transaction that records its end
(and, for an import that stores rows, stores them).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from literacy.accounts.scope import get_manageable_or_404
from literacy.audit.models import AuditAction
from literacy.audit.services import audit_record

from ..tasks import residents_import_task
from .models import ImportJob, ImportStatus, report_fields
from .readers import FileError, read_table
from .report import ImportReport
from .service import residents_import

logger = logging.getLogger(__name__)

#: The audit log's object type of an import attempt (object id: the job's id).
AUDIT_OBJECT_TYPE = "resident_import"


class JobLost(Exception):
    """The job was no longer running when its import finished (marked failed meanwhile)."""


def job_for_user(*, user, job_id, with_errors: bool = True) -> ImportJob:
    """The job, if it imports into a ward the user manages; 404 otherwise."""
    jobs = ImportJob.objects.select_related("ward")
    if not with_errors:
        jobs = jobs.defer("errors", "error_kinds")
    job = get_manageable_or_404(jobs, user, pk=job_id)
    return job_fail_if_stale(job=job, now=timezone.now())


def job_fail_if_stale(*, job: ImportJob, now: datetime.datetime) -> ImportJob:
    """A job still *running* past the workers' hard time limit lost its worker: say so."""
    limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    if job.status == ImportStatus.RUNNING and job.started_at and job.started_at < now - limit:
        _fail(
            job,
            _(
                "The import took too long or its worker stopped. Nothing was imported. "
                "Upload the file again."
            ),
        )
        job.refresh_from_db()
    return job


def _new_job(*, ward, by, filename: str) -> ImportJob:
    return ImportJob.objects.create(
        ward=ward,
        created_by=by if getattr(by, "pk", None) else None,
        filename=filename[:255],
        created_at=timezone.now(),
    )


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


def job_start(*, ward, by, file, filename: str) -> ImportJob:
    """Import small files now; save big ones and queue them for a worker. Returns the job."""
    rows = _estimate_rows(file)  # an oversized file is a FileError: 0, reported inline
    if rows is not None and rows <= settings.IMPORT_INLINE_MAX_ROWS:
        return job_import_now(ward=ward, by=by, file=file, filename=filename)
    job = _new_job(ward=ward, by=by, filename=filename)
    job.upload = default_storage.save(f"imports/{job.pk}.upload", file)
    job.total = rows
    job.save(update_fields=["upload", "total"])
    residents_import_task.delay_on_commit(str(job.pk))
    return job


def job_import_now(*, ward, by, file, filename: str) -> ImportJob:
    """Import ``file`` in this process (the page's small files, the command)."""
    job = _new_job(ward=ward, by=by, filename=filename)
    if _claim(job):
        _import(job, file)
    job.refresh_from_db()
    return job


def job_run(*, job_id: str) -> None:
    """Run a queued job (the Celery task). Idempotent: a job that is no longer queued, or that
    another worker has claimed, is left alone."""
    job = ImportJob.objects.select_related("ward", "created_by").filter(pk=job_id).first()
    if job is None or not _claim(job):
        return
    try:
        with default_storage.open(job.upload, "rb") as file:
            _import(job, file)
    except FileNotFoundError:
        _fail(job, _("The uploaded file is gone. Upload it again."))
    finally:
        if job.upload:
            default_storage.delete(job.upload)


def _claim(job: ImportJob) -> bool:
    """Queued → running, for one process only (a conditional UPDATE)."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    return claimed == 1


def _import(job: ImportJob, file) -> None:
    def progress(done: int, total: int | None) -> None:
        ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
            done=done, total=F("total") if total is None else total
        )

    try:
        residents_import(
            ward=job.ward,
            file=file,
            by=job.created_by,
            progress=progress,
            finish=lambda report: _finish(job, report),
        )
    except Exception:  # a bug, the database or the time limit: the job must not stay running
        logger.exception("Roster import %s failed", job.pk)
        _fail(
            job,
            _(
                "The import stopped because of an error on our side. Nothing was imported. "
                "Try again later; if it happens again, tell the provincial team."
            ),
        )


def _finish(job: ImportJob, report: ImportReport) -> None:
    """Record the outcome (inside the import's transaction)."""
    status = ImportStatus.DONE if report.ok else ImportStatus.REJECTED
    ended = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
        status=status, finished_at=timezone.now(), **report_fields(report)
    )
    if not ended:
        raise JobLost(job.pk)
    _audit(job, status, report)


def _fail(job: ImportJob, message: str) -> None:
    with transaction.atomic():
        report = ImportReport.failed(message)
        ended = ImportJob.objects.filter(
            pk=job.pk, status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING)
        ).update(status=ImportStatus.FAILED, finished_at=timezone.now(), **report_fields(report))
        if ended:
            _audit(job, ImportStatus.FAILED, report)


def _audit(job: ImportJob, status: str, report: ImportReport) -> None:
    audit_record(
        actor=job.created_by,
        action=AuditAction.CREATE,
        object_type=AUDIT_OBJECT_TYPE,
        object_id=job.pk,
        ward_id=job.ward_id,
        summary=job.filename,
        after={
            "file": job.filename,
            "status": str(status),
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "problems": report.error_count,
        },
    )
