"""seed_demo's bulk writes: several wards at a time on PostgreSQL give the same data as one at
a time; COPY works under Django's debug cursor too."""

from __future__ import annotations

import io
import random
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from households.models import Household, Resident
from lessons.models import ClassSession, Completion, Track
from lessons.tests.factories import LessonFactory
from literacy.areas.models import Hamlet
from literacy.demo.areas import seed_hamlets
from literacy.demo.bulk import for_each_ward, write_rows
from literacy.demo.classes import seed_classes
from literacy.demo.households import seed_households


def _seed(workers: int) -> None:
    out = io.StringIO()
    seed_hamlets(rng=random.Random(3), residents=500, stdout=out)
    seed_households(rng=random.Random(3), residents=500, stdout=out, workers=workers)
    seed_classes(rng=random.Random(3), residents=500, stdout=out, workers=workers)


def _content() -> tuple[list, list, list]:
    """What was seeded, without the ids (which depend on the order the wards were written)."""
    people = sorted(
        Resident.objects.values_list(
            "full_name", "date_of_birth", "cccd", "household__code", "ward__code", "is_trained"
        )
    )
    classes = sorted(
        ClassSession.objects.values_list("ward__code", "hamlet__name", "starts_at", "venue")
    )
    completions = sorted(
        Completion.objects.values_list(
            "resident__cccd", "resident__full_name", "lesson__code", "completed_at"
        ),
        key=repr,
    )
    return people, classes, completions


@pytest.mark.django_db(transaction=True)
def test_two_workers_seed_the_same_data_as_one(wards):
    """Threads need committed data to see each other's wards: a transactional test."""
    LessonFactory.create_batch(4, track=Track.CORE)
    _seed(workers=2)
    parallel = _content()
    assert parallel[0] and parallel[1] and parallel[2]
    Completion.objects.all().delete()
    ClassSession.objects.all().delete()
    Household.objects.update(head=None)
    Resident.objects.all().delete()
    Household.objects.all().delete()
    _seed(workers=1)
    assert _content() == parallel


@pytest.mark.django_db(transaction=True)
def test_for_each_ward_runs_on_other_threads_and_keeps_the_order():
    main = threading.get_ident()

    def work(number: int) -> tuple[int, bool]:
        with connection.cursor() as cursor:  # each thread has its own connection
            cursor.execute("SELECT %s", [number])
            return cursor.fetchone()[0], threading.get_ident() != main

    results = for_each_ward(range(6), work, workers=2)
    assert [number for number, _other in results] == list(range(6))
    assert all(other for _number, other in results)
    assert for_each_ward(range(3), work, workers=1) == [(0, False), (1, False), (2, False)]


@pytest.mark.django_db
@pytest.mark.parametrize("ignore_conflicts", [False, True])
def test_write_rows_works_with_djangos_debug_cursor(ward_a, ignore_conflicts):
    """``DEBUG=1`` on PostgreSQL (how ``make run`` runs against a real database) wraps cursors
    in Django's debug cursor, which takes no keyword arguments for COPY."""
    now = timezone.now()
    rows = [(ward_a.pk, f"Ấp {n}", "ap", now) for n in range(3)]
    with CaptureQueriesContext(connection):  # forces the debug cursor
        write_rows(
            Hamlet,
            ("ward_id", "name", "hamlet_type", "created_at"),
            rows,
            ignore_conflicts=ignore_conflicts,
        )
    assert set(Hamlet.objects.filter(ward=ward_a).values_list("name", flat=True)) == {
        "Ấp 0",
        "Ấp 1",
        "Ấp 2",
    }


@pytest.mark.django_db
def test_write_rows_skipping_conflicts_counts_only_the_rows_it_wrote(ward_a):
    """The per-ward demo audit says how many completions the seed wrote: rows a unique
    constraint already held are not counted."""
    now = timezone.now()
    columns = ("ward_id", "name", "hamlet_type", "created_at")
    Hamlet.objects.create(ward=ward_a, name="Ấp 1")
    rows = [(ward_a.pk, f"Ấp {n}", "ap", now) for n in range(3)]
    assert write_rows(Hamlet, columns, rows, ignore_conflicts=True) == 2
    assert write_rows(Hamlet, columns, rows, ignore_conflicts=True) == 0


@pytest.mark.django_db
def test_seeding_hamlets_again_reports_none_created(ward_a):
    out = io.StringIO()
    first = seed_hamlets(rng=random.Random(3), residents=500, stdout=out)
    assert first == Hamlet.objects.count() > 0
    assert seed_hamlets(rng=random.Random(3), residents=500, stdout=out) == 0
