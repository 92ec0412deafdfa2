"""A real Celery worker (a subprocess, the real Redis broker) is killed with SIGKILL in the middle
of the nightly full roll-up; the task is re-queued, runs again, and the figures converge to the
raw SQL counts.

The run is caught mid-way deterministically: the test holds the programme's advisory lock, which
a ward's task takes only after writing that ward's figures (uncommitted), so the worker's pool
process is killed with the ward's writes in flight. Then the lock is released.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import CompletionSource, Track
from lessons.services.completions import completions_record
from lessons.tests.factories import LessonFactory
from literacy.celery import app
from literacy.coverage.models import CoverageDay, CoverageWardState
from literacy.coverage.rollup import locks

from .checks import rollup_mismatches

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(settings.BASE_DIR)
TIMEOUT = 90


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def _connect():
    db = connection.settings_dict
    other = psycopg2.connect(
        dbname=db["NAME"],
        user=db["USER"],
        host=db["HOST"],
        port=db["PORT"] or 5432,
        password=db["PASSWORD"] or None,
    )
    other.autocommit = True
    return other


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _wait(condition, what: str, worker) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if worker.poll() is not None:
            pytest.fail(f"the worker exited while waiting for {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def _waiting_for_programme_lock(observer) -> bool:
    with observer.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND classid = %s AND objid = %s",
            [locks.ROLLUP, locks.PROGRAMME_KEY],
        )
        return cursor.fetchone()[0] > 0


@pytest.fixture
def province(wards):
    ward_a, ward_b = wards
    core = [LessonFactory(code=f"kill-core-{i}", track=Track.CORE) for i in range(2)]
    people = []
    for ward in (ward_a, ward_b):
        for h in range(2):
            home = HouseholdFactory(hamlet=HamletFactory(ward=ward, name=f"Khu phố {h}"))
            people += [ResidentFactory(household=home) for _ in range(3)]
    completions_record(residents=people[::2], lessons=core, by=None, source=CompletionSource.MENTOR)
    return wards


@pytest.fixture
def worker(tmp_path):
    broker = str(app.conf.broker_url or "")
    if not broker.startswith("redis"):
        pytest.fail("This test needs the Redis broker (make test sets REDIS_URL).")
    app.control.purge()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker,
        "CELERY_BROKER_URL": broker,
        "CONN_MAX_AGE": "0",
    }
    log_path = tmp_path / "worker.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "literacy", "worker", "--pool=prefork",
            "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    process.log_path = log_path
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    log.close()
    app.control.purge()
    app.conf.task_always_eager = eager


def test_a_worker_killed_mid_roll_up_is_replaced_and_the_figures_converge(province, worker):
    ward_a, ward_b = province
    holder = _connect()
    observer = _connect()
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [locks.ROLLUP, locks.PROGRAMME_KEY])
        app.send_task("literacy.coverage.tasks.coverage_nightly_task")
        _wait(lambda: _waiting_for_programme_lock(observer), "a ward's task to block", worker)
        assert not CoverageWardState.objects.exists()  # its writes are not committed
        pool = _children(worker.pid)
        assert len(pool) == 1
        os.kill(pool[0], signal.SIGKILL)
        _wait(lambda: _children(worker.pid) not in ([], pool), "a new pool process", worker)
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [locks.ROLLUP, locks.PROGRAMME_KEY])
        _wait(
            lambda: (
                CoverageWardState.objects.count() == 2
                and CoverageDay.objects.filter(kind=0).exists()
            ),
            "both wards and the programme to be counted",
            worker,
        )
    finally:
        holder.close()
        observer.close()
    day = CoverageDay.objects.get(kind=0).day
    assert rollup_mismatches(day) == []
    # The killed task itself was handed out again (acks_late + reject_on_worker_lost).
    log = worker.log_path.read_text()
    assert "WorkerLostError" in log
    received = re.findall(r"coverage_ward_task\[([0-9a-f-]+)\] received", log)
    assert len(received) == 3 and len(set(received)) == 2
    assert set(CoverageWardState.objects.values_list("ward_id", flat=True)) == {
        ward_a.pk,
        ward_b.pk,
    }
