"""Targets: data provincial staff edit; shares by adults; the outlook at the recent pace."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from literacy.audit.models import AuditEvent
from literacy.coverage.models import ProgrammeTarget, WardTarget
from literacy.coverage.projection import outlook, shares
from literacy.coverage.rollup.runs import coverage_rollup_full


def test_shares_follow_the_weights_and_add_up_exactly():
    assert shares(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert sum(shares(1_600_000, {i: i + 1 for i in range(36)}).values()) == 1_600_000


def test_an_override_keeps_its_value_and_the_rest_is_shared():
    assert shares(100, {"a": 50, "b": 30, "c": 20}, fixed={"a": 10}) == {"a": 10, "b": 54, "c": 36}


def test_outlook_on_track_off_track_and_reached():
    day = datetime.date(2026, 6, 10)
    deadline = datetime.date(2026, 12, 31)
    fast = outlook(
        target=1000,
        trained=500,
        as_of=day,
        deadline=deadline,
        earlier=(day - datetime.timedelta(days=28), 100),
    )
    assert fast.pace_per_week == 100 and not fast.is_off_track
    assert fast.projected_on == day + datetime.timedelta(days=35)
    slow = outlook(
        target=1000,
        trained=110,
        as_of=day,
        deadline=deadline,
        earlier=(day - datetime.timedelta(days=28), 100),
    )
    assert slow.is_off_track and slow.days_late > 0
    assert slow.shortfall_per_week == pytest.approx(slow.needed_per_week - 2.5)
    still = outlook(target=1000, trained=100, as_of=day, deadline=deadline, earlier=None)
    assert still.is_off_track and still.projected_on is None
    done = outlook(target=100, trained=120, as_of=day, deadline=deadline, earlier=None)
    assert done.is_reached and not done.is_off_track


def test_provincial_staff_edit_the_target_and_a_ward_override(login, provincial_user, area):
    client = login(provincial_user)
    data = {"trained_adults": "2000", "deadline": "2027-06-30", f"ward_{area.ward_a.code}": "300"}
    response = client.post(reverse("coverage:targets"), data)
    assert response.status_code == 302
    target = ProgrammeTarget.objects.get()
    assert (target.trained_adults, target.deadline) == (2000, datetime.date(2027, 6, 30))
    assert WardTarget.objects.get(ward=area.ward_a).trained_adults == 300
    assert (
        AuditEvent.objects.filter(object_type__in=["programme_target", "ward_target"]).count() == 2
    )
    coverage_rollup_full(now=timezone.now())
    page = client.get(reverse("coverage:programme")).context["page"]
    targets = {part.area.code: part.target for part in page.parts}
    assert targets == {str(area.ward_a.code): 300, str(area.ward_b.code): 1700}


def test_ward_targets_above_the_programme_target_are_refused(login, provincial_user, area):
    data = {"trained_adults": "100", "deadline": "2026-12-31", f"ward_{area.ward_a.code}": "300"}
    response = login(provincial_user).post(reverse("coverage:targets"), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not ProgrammeTarget.objects.exists()


def test_only_provincial_staff_edit_targets(login, ward_official, area):
    response = login(ward_official).post(
        reverse("coverage:targets"), {"trained_adults": "5", "deadline": "2026-12-31"}
    )
    assert response.status_code == 403
    assert not ProgrammeTarget.objects.exists()
