"""A large import through a real Celery worker and the real Redis broker (not eager)."""

from __future__ import annotations

import io
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.storage import default_storage

from households.importing.jobs import DONE, _new_job, _save, job_get
from households.models import Resident
from households.tasks import residents_import_task
from literacy.celery import app

from .import_files import csv_bytes, family

pytestmark = pytest.mark.django_db(transaction=True)


def test_task_imports_through_a_real_worker(ward_a, ward_official, settings, tmp_path):
    if app.conf.broker_url is None or not str(app.conf.broker_url).startswith("redis"):
        pytest.fail("This test needs the Redis broker (make test sets REDIS_URL).")
    settings.MEDIA_ROOT = tmp_path
    job = _new_job(ward=ward_a, by=ward_official, filename="ds.csv")
    job["path"] = default_storage.save(
        f"imports/{job['id']}.upload", io.BytesIO(csv_bytes(family()))
    )
    _save(job)
    queue = f"test-import-{uuid.uuid4().hex}"  # other test runs may share this Redis
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, pool="solo", queues=[queue], perform_ping_check=False, loglevel="WARNING"
        ):
            residents_import_task.apply_async(args=[job["id"]], queue=queue)
            deadline = time.monotonic() + 60
            while job_get(job["id"])["state"] != DONE and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = eager
    finished = job_get(job["id"])
    assert finished["state"] == DONE
    assert finished["report"]["created"] == 3
    assert Resident.objects.filter(ward=ward_a).count() == 3
