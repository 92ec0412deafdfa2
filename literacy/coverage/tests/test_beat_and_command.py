"""One beat sends; the command and the tasks run the same roll-ups."""

from __future__ import annotations

import io
import uuid

import pytest
from celery.beat import PersistentScheduler
from django.core.management import CommandError, call_command
from django.utils import timezone

from literacy.beat import SingleBeatScheduler
from literacy.celery import app
from literacy.coverage.models import AreaKind, CoverageDay, CoverageWardState
from literacy.coverage.tasks import coverage_incremental_task, coverage_nightly_task

from .checks import rollup_mismatches


@pytest.fixture
def schedulers(tmp_path):
    if not str(app.conf.broker_url or "").startswith("redis"):
        pytest.fail("This test needs the Redis broker (make test sets REDIS_URL).")
    key = f"test:beat:{uuid.uuid4().hex}"
    made = []

    def make(name):
        scheduler = SingleBeatScheduler(app=app, schedule_filename=str(tmp_path / name))
        scheduler.lock_key = key
        made.append(scheduler)
        return scheduler

    yield make
    for scheduler in made:
        scheduler.close()


def test_only_the_beat_holding_the_lock_sends(schedulers, monkeypatch):
    sent = []
    monkeypatch.setattr(PersistentScheduler, "tick", lambda self, *a, **k: sent.append(self) or 1)
    first, second = schedulers("first"), schedulers("second")
    first.tick()
    second.tick()
    assert sent == [first]
    first.close()  # the first beat stops: the second takes over
    second.tick()
    assert sent == [first, second]


def test_the_command_counts_changes_then_everything_and_the_history(area, on_the_day):
    out = io.StringIO()
    call_command("rollup_coverage", stdout=out)
    assert "Incremental run" in out.getvalue()
    call_command("rollup_coverage", "--full", "--history", "3", stdout=out)
    assert "Full run: 2 wards" in out.getvalue() and "History: 3 days" in out.getvalue()
    days = set(CoverageDay.objects.filter(kind=AreaKind.PROGRAMME).values_list("day", flat=True))
    assert len(days) == 4
    call_command("rollup_coverage", "--ward", str(area.ward_b.code), stdout=out)
    assert rollup_mismatches(timezone.localdate()) == []


def test_the_command_names_an_unknown_ward(area):
    with pytest.raises(CommandError, match="No ward with code 1"):
        call_command("rollup_coverage", "--ward", "1", stdout=io.StringIO())


def test_the_nightly_task_counts_every_ward_one_task_each(area, on_the_day):
    assert coverage_nightly_task.delay().get() == 2
    assert CoverageWardState.objects.count() == 2
    assert rollup_mismatches(timezone.localdate()) == []
    assert coverage_incremental_task.delay().get()["ran"] is True


def test_roll_up_tasks_survive_a_dead_worker(settings):
    from literacy.coverage.tasks import coverage_ward_task

    for task in (coverage_incremental_task, coverage_ward_task):
        assert task.acks_late and task.reject_on_worker_lost
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility >= 4 * settings.CELERY_TASK_TIME_LIMIT
