"""Expired idempotency keys are deleted by the hourly task and by the command (one service)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.core.management import call_command

from literacy.idempotency.models import IdempotencyKey
from literacy.idempotency.services import idempotency_keys_prune
from literacy.idempotency.tasks import idempotency_keys_prune_task

NOW = datetime.datetime(2026, 5, 4, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def keys(ward_official):
    """One key expired an hour ago, one expiring in an hour."""

    def key(name: str, expires_in: datetime.timedelta) -> IdempotencyKey:
        return IdempotencyKey.objects.create(
            user=ward_official,
            endpoint="POST api:class-list",
            key=name,
            fingerprint="f",
            response_status=201,
            created_at=NOW - datetime.timedelta(hours=24) + expires_in,
            expires_at=NOW + expires_in,
        )

    return key("old", -datetime.timedelta(hours=1)), key("fresh", datetime.timedelta(hours=1))


def _left() -> list[str]:
    return sorted(IdempotencyKey.objects.values_list("key", flat=True))


def test_pruning_deletes_only_the_expired_keys(keys):
    assert idempotency_keys_prune(now=NOW) == 1
    assert _left() == ["fresh"]


def test_the_command_dry_run_counts_and_deletes_nothing(keys, time_machine):
    time_machine.move_to(NOW, tick=False)
    out = io.StringIO()
    call_command("prune_idempotency_keys", "--dry-run", stdout=out)
    assert "1 expired would be deleted" in out.getvalue()
    assert _left() == ["fresh", "old"]
    call_command("prune_idempotency_keys", stdout=out)
    assert _left() == ["fresh"]


def test_the_task_prunes_with_the_application_clock(keys, time_machine):
    time_machine.move_to(NOW + datetime.timedelta(hours=2), tick=False)
    assert idempotency_keys_prune_task.delay().get() == 2
    assert _left() == []


def test_the_prune_task_is_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "literacy.idempotency.tasks.idempotency_keys_prune_task" in tasks
