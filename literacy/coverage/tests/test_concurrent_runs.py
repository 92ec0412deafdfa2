"""Runs and writers at the same time, on real connections (committed data)."""

from __future__ import annotations

import threading

import psycopg2
import pytest
from django.db import connection, connections
from django.utils import timezone

from households.models import Resident
from literacy.coverage.models import CoverageChange
from literacy.coverage.rollup.runs import (
    coverage_rollup_incremental,
    coverage_rollup_ward,
)

from .checks import rollup_mismatches

pytestmark = pytest.mark.django_db(transaction=True)


def _other_connection():
    settings = connection.settings_dict
    return psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )


def _in_threads(*calls):
    errors = []

    def call(function):
        try:
            function()
        except Exception as error:  # report it in the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call, args=(function,)) for function in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_runs_at_the_same_time_do_not_double_count(area):
    now = timezone.now()
    coverage_rollup_incremental(now=now)
    Resident.objects.filter(pk__in=[p.pk for p in area.people[:3]]).update(vneid_level=2)
    _in_threads(
        lambda: coverage_rollup_incremental(now=now),
        lambda: coverage_rollup_incremental(now=now),
        lambda: coverage_rollup_ward(ward_id=area.ward_a.pk, now=now),
        lambda: coverage_rollup_ward(ward_id=area.ward_b.pk, now=now),
    )
    coverage_rollup_incremental(now=now)
    assert rollup_mismatches(timezone.localdate(now)) == []


def test_a_change_committed_after_a_later_one_is_still_counted(area):
    """A transaction that logs its change first but commits last is not skipped."""
    now = timezone.now()
    coverage_rollup_incremental(now=now)
    slow = _other_connection()
    try:
        with slow.cursor() as cursor:  # begins a transaction, logs a change, stays open
            cursor.execute(
                "UPDATE households_resident SET vneid_level = 2 WHERE id = %s", [area.people[0].pk]
            )
        Resident.objects.filter(pk=area.people[4].pk).update(has_bank_account=True)
        first = coverage_rollup_incremental(now=now)
        slow.commit()
    finally:
        slow.close()
    assert first.ran
    coverage_rollup_incremental(now=now)
    assert not CoverageChange.objects.exists()
    assert rollup_mismatches(timezone.localdate(now)) == []
