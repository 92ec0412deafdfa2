"""Background work of the households app."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def residents_import_task(job_id: str) -> None:
    """Import a large roster file saved by the upload page (see ``importing.jobs``)."""
    from .importing.jobs import job_run

    job_run(job_id=job_id)
