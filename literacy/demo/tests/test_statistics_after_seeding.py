"""seed_demo leaves no table it wrote without planner statistics (autovacuum may be off)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from literacy.tests.statistics import (
    analyse_counts,
    assert_analysed_since,
    row_counts,
    written_since,
)

pytestmark = pytest.mark.django_db

#: The tables whose missing statistics made the planner choose nested loops at province scale.
BIG_TABLES = {
    "households_resident",
    "households_household",
    "lessons_completion",
    "lessons_attendance",
    "mentors_assignment",
    "mentors_tick",
}


def seed_demo_quickly(monkeypatch) -> None:
    """seed_demo on the two test wards, one ward at a time (one connection: the test's
    transaction), without rendering sample videos."""
    monkeypatch.setattr("literacy.demo.lessons.video_tools_available", lambda: False)
    call_command("seed_demo", residents=400, workers=1, stdout=io.StringIO())


def test_seed_demo_analyses_every_table_it_wrote(wards, monkeypatch):
    rows, analysed = row_counts(), analyse_counts()
    seed_demo_quickly(monkeypatch)
    written = written_since(rows)
    assert set(written) >= BIG_TABLES
    assert_analysed_since(written, analysed)
