"""The runs: idempotent, single-flight, one row per area and day, dated the right day."""

from __future__ import annotations

import datetime

import psycopg2
import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from households.models import ADULT_AGE, Resident, years_ago
from households.tests.factories import ResidentFactory
from lessons.models import CompletionSource, Track
from lessons.services.catalogue import lesson_create
from lessons.services.completions import completions_record
from literacy.coverage.models import (
    AreaKind,
    CoverageDay,
    CoverageSegmentDay,
    Segment,
)
from literacy.coverage.rollup import locks
from literacy.coverage.rollup.runs import (
    coverage_rollup_full,
    coverage_rollup_incremental,
    coverage_rollup_ward,
)

from .checks import rollup_mismatches

#: Dates here are compared across calls: the clock stands still during each test.
pytestmark = pytest.mark.usefixtures("frozen_clock")


def _figures():
    return sorted(
        CoverageDay.objects.values_list("kind", "area_id", "day", "residents", "trained_adults")
    )


def _programme(day=None):
    return CoverageDay.objects.get(
        kind=AreaKind.PROGRAMME, area_id=0, day=day or timezone.localdate()
    )


def _train(people, at=None, curriculum=None):
    completions_record(
        residents=people,
        lessons=[curriculum.vneid, curriculum.scams],
        by=None,
        source=CompletionSource.MENTOR,
        at=at,
    )


def test_a_second_incremental_run_changes_nothing(area, curriculum):
    _train(area.people[:2], curriculum=curriculum)
    coverage_rollup_incremental(now=timezone.now())
    before = _figures()
    again = coverage_rollup_incremental(now=timezone.now())
    assert again.changed == 0 and again.rebuilt_wards == []
    assert _figures() == before


def test_a_full_run_again_writes_the_same_figures(area, curriculum):
    _train(area.people[:3], curriculum=curriculum)
    coverage_rollup_full(now=timezone.now())
    before = _figures()
    coverage_rollup_full(now=timezone.now())
    assert _figures() == before
    assert rollup_mismatches(timezone.localdate()) == []


def test_an_area_has_one_row_per_day(area):
    coverage_rollup_full(now=timezone.now())
    row = _programme()
    with pytest.raises(IntegrityError), transaction.atomic():
        CoverageDay.objects.create(
            day=row.day, kind=row.kind, area_id=row.area_id, computed_at=timezone.now()
        )


def _other_connection():
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )
    other.autocommit = True
    return other


def test_an_incremental_run_does_nothing_while_another_run_holds_the_lock(area):
    other = _other_connection()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [locks.ROLLUP, locks.GLOBAL_KEY])
        result = coverage_rollup_incremental(now=timezone.now())
    finally:
        other.close()
    assert result.ran is False
    assert not CoverageDay.objects.exists()


def test_an_offline_tick_counts_on_the_day_it_was_made(area, curriculum, on_the_day):
    yesterday = timezone.localdate()
    coverage_rollup_incremental(now=timezone.now())
    on_the_day.shift(datetime.timedelta(days=1))
    coverage_rollup_incremental(now=timezone.now())
    assert _programme(yesterday).trained_adults == 0
    # Ticked on the phone yesterday evening, synced this morning.
    _train(
        [area.people[1]], at=timezone.now() - datetime.timedelta(hours=14), curriculum=curriculum
    )
    coverage_rollup_incremental(now=timezone.now())
    assert _programme(yesterday).trained_adults == 1
    assert _programme().trained_adults == 1
    assert rollup_mismatches(timezone.localdate()) == []
    assert rollup_mismatches(yesterday) == []


def test_a_sixteenth_birthday_makes_an_adult_on_the_day(area, on_the_day):
    turning = years_ago(ADULT_AGE, timezone.localdate()) + datetime.timedelta(days=1)
    ResidentFactory(household=area.homes[0], date_of_birth=turning)
    coverage_rollup_incremental(now=timezone.now())
    adults_before = _programme().adults
    on_the_day.shift(datetime.timedelta(days=1))
    result = coverage_rollup_incremental(now=timezone.now())
    assert result.recounted_wards  # the new day was counted from the snapshots
    assert _programme().adults == adults_before + 1
    assert rollup_mismatches(timezone.localdate()) == []


def test_a_new_core_lesson_recounts_who_is_trained(area, curriculum):
    _train(area.people[:2], curriculum=curriculum)
    coverage_rollup_incremental(now=timezone.now())
    assert _programme().trained_adults == 2
    lesson_create(
        by=None, code="cov-new-core", title_vi="Bài mới", title_en="New", track=Track.CORE
    )
    result = coverage_rollup_incremental(now=timezone.now())
    assert len(result.rebuilt_wards) == 2
    assert _programme().trained_adults == 0
    assert rollup_mismatches(timezone.localdate()) == []


def test_the_ethnic_minority_segment_is_stored_only_for_wards_and_the_programme(area):
    coverage_rollup_full(now=timezone.now())
    kinds = set(
        CoverageSegmentDay.objects.filter(segment=Segment.ETHNIC_MINORITY).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {AreaKind.WARD, AreaKind.PROGRAMME}
    hamlet_rows = CoverageSegmentDay.objects.filter(kind=AreaKind.HAMLET)
    assert hamlet_rows.exists()
    assert not hamlet_rows.filter(segment=Segment.ETHNIC_MINORITY).exists()


def test_a_ward_recount_matches_the_raw_counts(area, curriculum):
    coverage_rollup_incremental(now=timezone.now())
    _train(area.people[3:5], curriculum=curriculum)
    coverage_rollup_ward(ward_id=area.ward_a.pk, now=timezone.now())
    coverage_rollup_ward(ward_id=area.ward_b.pk, now=timezone.now())
    assert rollup_mismatches(timezone.localdate()) == []
    # The changes stay in the log for the incremental run, which finds nothing more to add.
    result = coverage_rollup_incremental(now=timezone.now())
    assert result.changed > 0
    assert rollup_mismatches(timezone.localdate()) == []


def test_residents_who_belong_to_no_household_are_counted_in_their_ward(area):
    coverage_rollup_full(now=timezone.now())
    unplaced = CoverageDay.objects.get(
        kind=AreaKind.UNPLACED, area_id=area.ward_a.pk, day=timezone.localdate()
    )
    assert unplaced.residents == Resident.objects.filter(ward=area.ward_a, household=None).count()
    ward = CoverageDay.objects.get(kind=AreaKind.WARD, area_id=area.ward_a.pk)
    hamlets = CoverageDay.objects.filter(kind=AreaKind.HAMLET, ward=area.ward_a)
    assert ward.residents == unplaced.residents + sum(h.residents for h in hamlets)


def test_snapshots_emptied_by_a_crash_are_rebuilt(area, curriculum):
    coverage_rollup_incremental(now=timezone.now())
    _train(area.people[:2], curriculum=curriculum)
    with connection.cursor() as cursor:  # what crash recovery does to unlogged tables
        cursor.execute(
            "TRUNCATE coverage_residentsnapshot, coverage_householdsnapshot,"
            " coverage_mentorsnapshot, coverage_classsnapshot, coverage_snapshotmark"
        )
    result = coverage_rollup_incremental(now=timezone.now())
    assert len(result.rebuilt_wards) == 2
    assert rollup_mismatches(timezone.localdate()) == []
