"""A large import through a real Celery worker and the real Redis broker (not eager)."""

from __future__ import annotations

import io
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.storage import default_storage
from django.utils import timezone

from households.importing.models import ImportJob, ImportStatus
from households.models import Resident
from households.tasks import residents_import_task
from literacy.celery import app

from .import_files import csv_bytes, family

pytestmark = pytest.mark.django_db(transaction=True)


def test_task_imports_through_a_real_worker(ward_a, ward_official, settings, tmp_path):
    if app.conf.broker_url is None or not str(app.conf.broker_url).startswith("redis"):
        pytest.fail("This test needs the Redis broker (make test sets REDIS_URL).")
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob.objects.create(
        ward=ward_a, created_by=ward_official, filename="ds.csv", created_at=timezone.now()
    )
    job.upload = default_storage.save(f"imports/{job.pk}.upload", io.BytesIO(csv_bytes(family())))
    job.save()
    queue = f"test-import-{uuid.uuid4().hex}"  # other test runs may share this Redis
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, pool="solo", queues=[queue], perform_ping_check=False, loglevel="WARNING"
        ):
            residents_import_task.apply_async(args=[str(job.pk)], queue=queue)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                job.refresh_from_db()
                if job.is_finished:
                    break
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = eager
    assert job.status == ImportStatus.DONE
    assert job.created == 3
    assert Resident.objects.filter(ward=ward_a).count() == 3
