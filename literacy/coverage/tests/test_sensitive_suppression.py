"""Ethnic-minority figures: hidden below a small count, and a lone hidden ward takes the next
smallest with it, so the programme's total minus the shown wards gives no one away."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from literacy.areas.models import Ward
from literacy.coverage.areas import ward_area
from literacy.coverage.models import AreaKind, CoverageSegmentDay, Segment
from literacy.coverage.selectors import _segments, sensitive_wards_suppressed

DAY = datetime.date(2026, 10, 1)


def _ethnic(ward: Ward, adults: int) -> None:
    CoverageSegmentDay.objects.create(
        day=DAY, kind=AreaKind.WARD, area_id=ward.pk, ward=ward,
        segment=Segment.ETHNIC_MINORITY, adults=adults, trained=adults // 2, four_t_completers=0,
    )  # fmt: skip


@pytest.fixture
def three_wards(db):
    call_command("load_divisions", stdout=open("/dev/null", "w"))
    return list(Ward.objects.order_by("code")[:3])


def _shown(user, ward: Ward) -> bool:
    rows = _segments(user, ward_area(ward), DAY)
    return not next(row for row in rows if row.segment == Segment.ETHNIC_MINORITY).is_suppressed


def test_a_lone_small_ward_hides_the_next_smallest_too(three_wards, provincial_user):
    small, middle, large = three_wards
    for ward, adults in ((small, 4), (middle, 30), (large, 50)):
        _ethnic(ward, adults)
    assert sensitive_wards_suppressed(DAY) == {small.pk, middle.pk}
    assert [_shown(provincial_user, w) for w in (small, middle, large)] == [False, False, True]


def test_two_small_wards_hide_only_themselves(three_wards, provincial_user):
    first, second, large = three_wards
    for ward, adults in ((first, 3), (second, 5), (large, 50)):
        _ethnic(ward, adults)
    assert sensitive_wards_suppressed(DAY) == {first.pk, second.pk}
    assert _shown(provincial_user, large)


def test_no_small_ward_hides_nothing(three_wards, provincial_user):
    for ward, adults in zip(three_wards, (20, 30, 50), strict=True):
        _ethnic(ward, adults)
    assert sensitive_wards_suppressed(DAY) == set()
