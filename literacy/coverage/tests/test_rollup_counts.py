"""Every stored figure equals the raw tables' count, after a full run and after incremental runs."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lessons.models import CompletionSource
from lessons.services.classes import class_create
from lessons.services.completions import completions_record
from literacy.coverage.models import AreaKind, CoverageDay
from literacy.coverage.rollup.runs import coverage_rollup_full, coverage_rollup_incremental

from .checks import rollup_mismatches

#: Dates here are compared across calls: the clock stands still during each test.
pytestmark = pytest.mark.usefixtures("frozen_clock")


def _day_row(kind, area_id):
    return CoverageDay.objects.get(kind=kind, area_id=area_id, day=timezone.localdate())


def test_full_run_matches_the_raw_counts(area, curriculum):
    completions_record(
        residents=area.people[:2],
        lessons=[curriculum.vneid, curriculum.scams],
        by=None,
        source=CompletionSource.MENTOR,
    )
    coverage_rollup_full(now=timezone.now())
    assert rollup_mismatches(timezone.localdate()) == []
    programme = _day_row(AreaKind.PROGRAMME, 0)
    assert (programme.residents, programme.adults, programme.trained_adults) == (6, 5, 2)
    assert programme.digital_families == 1


def test_incremental_run_counts_ticks_and_classes(area, curriculum):
    coverage_rollup_incremental(now=timezone.now())
    completions_record(
        residents=[area.people[3]],
        lessons=[curriculum.vneid, curriculum.scams, curriculum.shop],
        by=None,
        source=CompletionSource.MENTOR,
    )
    class_create(
        by=None,
        hamlet=area.hamlets[2],
        starts_at=timezone.now() - datetime.timedelta(days=3),
        lessons=[curriculum.vneid],
        attendees=[area.people[4]],
    )
    result = coverage_rollup_incremental(now=timezone.now())
    assert result.changed > 0
    assert rollup_mismatches(timezone.localdate()) == []
    hamlet = _day_row(AreaKind.HAMLET, area.hamlets[1].pk)
    assert (hamlet.trained_adults, hamlet.four_t_completers) == (1, 1)
    assert _day_row(AreaKind.WARD, area.ward_b.pk).classes_7d == 1
