"""Benchmark of "Suggest assignments": a ward of 50,000 untrained adults proposed in seconds.

One ward with ``--adults`` untrained adults in households of 1–4 adults over ``--hamlets``
hamlets, and one active mentor for every six adults (``--per-mentor``), as ``seed_demo`` has; a
tenth of the mentors already guide 3 mentees. Measured, best and median of ``--repeat`` runs:

* ``suggest_assignments`` end to end (its three queries + the matching in Python);
* the matching alone, on inputs already read;
* confirming the whole proposal (``assignments_apply``: one transaction, every assignment
  audited), once.

Usage: ``python mentors/benchmarks/bench_matching.py [--fresh] [--adults 50000]``.
Creates the database named in DATABASE_URL if missing and migrates it; ``--fresh`` drops it
first, so that every run starts from the same empty, migrated database (``make bench`` does).
"""

from __future__ import annotations

import argparse
import copy
import datetime
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy.settings")
os.environ.setdefault("DEBUG", "1")

from households.benchmarks.bench_import import ensure_database  # noqa: E402


def build_ward(ward, *, adults: int, hamlets: int, per_mentor: int, rng: random.Random) -> None:
    """Write the ward's hamlets, households, adults, mentors (with accounts) in bulk."""
    from django.db import connection
    from django.utils import timezone

    from households.models import Household, Resident
    from literacy.accounts.models import User
    from literacy.areas.models import Hamlet
    from literacy.demo.bulk import reserve_ids, write_rows
    from mentors.models import Assignment, Mentor

    now = timezone.now()
    hamlet_ids = [
        Hamlet.objects.create(ward=ward, name=f"Khu phố {n}").pk for n in range(1, hamlets + 1)
    ]
    sizes = []
    while sum(sizes) < adults:
        sizes.append(min(rng.choice([1, 1, 2, 2, 2, 3, 3, 4]), adults - sum(sizes)))
    with connection.cursor() as cursor:
        household_ids = reserve_ids(cursor, Household._meta.db_table, len(sizes))
        resident_ids = reserve_ids(cursor, Resident._meta.db_table, adults)
    household_hamlet = {pk: rng.choice(hamlet_ids) for pk in household_ids}
    write_rows(
        Household,
        ("id", "ward_id", "hamlet_id", "code", "address", "created_at", "updated_at"),
        [(pk, ward.pk, household_hamlet[pk], f"B-{pk}", "", now, now) for pk in household_ids],
    )
    born = datetime.date(1970, 1, 1)
    rows, ids = [], iter(resident_ids)
    for household_id, size in zip(household_ids, sizes, strict=True):
        for _ in range(size):
            pk = next(ids)
            rows.append((pk, ward.pk, household_id, f"Người {pk}", f"nguoi {pk}", born, "M",
                         "", False, False, False, False, False, 0, False, False, "", False,
                         now, now))  # fmt: skip
    write_rows(
        Resident,
        ("id", "ward_id", "household_id", "full_name", "name_folded", "date_of_birth", "gender",
         "phone", "is_worker", "is_small_trader", "is_farmer", "is_ethnic_minority",
         "has_disability", "vneid_level", "has_bank_account", "has_ewallet", "consent_purpose",
         "is_trained", "created_at", "updated_at"),
        rows,
    )  # fmt: skip
    mentors = adults // per_mentor
    with connection.cursor() as cursor:
        user_ids = reserve_ids(cursor, User._meta.db_table, mentors)
        mentor_ids = reserve_ids(cursor, Mentor._meta.db_table, mentors)
    write_rows(
        User,
        ("id", "password", "is_superuser", "username", "first_name", "last_name", "email",
         "is_staff", "is_active", "date_joined", "role"),
        [(pk, "!", False, f"bench-mentor-{pk}", "", "", "", False, True, now, "mentor")
         for pk in user_ids],
    )  # fmt: skip
    write_rows(
        Mentor,
        ("id", "user_id", "full_name", "phone", "organisation", "ward_id", "home_hamlet_id",
         "is_active", "must_change_password", "created_at", "updated_at"),
        [(pk, user_pk, f"Đại sứ {pk}", "0900000000", "youth_union", ward.pk,
          rng.choice(hamlet_ids), True, False, now, now)
         for pk, user_pk in zip(mentor_ids, user_ids, strict=True)],
    )  # fmt: skip
    # A tenth of the mentors already guide three people each.
    busy = mentor_ids[: mentors // 10]
    taken = rng.sample(resident_ids, 3 * len(busy))
    write_rows(
        Assignment,
        ("mentor_id", "mentee_id", "starts_at"),
        [(busy[i // 3], pk, now) for i, pk in enumerate(taken)],
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fresh", action="store_true", help="drop and recreate the database before the run"
    )
    parser.add_argument("--adults", type=int, default=50_000)
    parser.add_argument("--hamlets", type=int, default=25)
    parser.add_argument("--per-mentor", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    ensure_database(fresh=args.fresh)
    import django

    django.setup()
    from django.core.management import call_command

    from literacy.areas.models import Ward
    from mentors import matching
    from mentors.services.assignments import Pair, assignments_apply

    call_command("migrate", verbosity=0)
    if not Ward.objects.exists():
        with open(os.devnull, "w") as devnull:
            call_command("load_divisions", stdout=devnull)
    ward = Ward.objects.order_by("-code").first()
    if not ward.mentors.exists():
        _, seconds = timed(
            lambda: build_ward(
                ward,
                adults=args.adults,
                hamlets=args.hamlets,
                per_mentor=args.per_mentor,
                rng=random.Random(11),
            )
        )
        print(f"ward built in {seconds:.1f} s")
    candidates = matching.candidates(ward.pk).count()
    print(f"ward: {candidates:,} untrained adults without a mentor, "
          f"{ward.mentors.count():,} mentors, {args.hamlets} hamlets")  # fmt: skip

    ends = []
    for _ in range(args.repeat):
        proposals, seconds = timed(lambda: matching.suggest_assignments(ward_id=ward.pk))
        ends.append(seconds)
    print(f"suggest_assignments (end to end)  best {min(ends):.2f} s  "
          f"median {statistics.median(ends):.2f} s  ({len(proposals):,} proposals)")  # fmt: skip

    # The matching alone: the same inputs, read once, copied for each run.
    inputs = matching.matching_for_ward(ward_id=ward.pk)
    alone = []
    for _ in range(args.repeat):
        fresh = copy.deepcopy(inputs)
        _, seconds = timed(fresh.run)
        alone.append(seconds)
    print(f"matching alone (Python)           best {min(alone):.2f} s  "
          f"median {statistics.median(alone):.2f} s")  # fmt: skip

    _, seconds = timed(
        lambda: assignments_apply(
            by=None,
            pairs=[Pair(p.mentor_id, p.mentee_id) for p in proposals],
            ward_id=ward.pk,
            replace=False,
        )
    )
    print(f"confirm the whole proposal        {seconds:.2f} s  "
          f"({len(proposals) / seconds:,.0f} assignments/s, audited)")  # fmt: skip
    from django.db.models import Count, Q

    loads = Counter(
        ward.mentors.annotate(
            n=Count("assignments", filter=Q(assignments__ends_at__isnull=True))
        ).values_list("n", flat=True)
    )
    print("mentees per mentor after confirming: "
          + ", ".join(f"{n}: {loads[n]:,}" for n in sorted(loads)))  # fmt: skip


if __name__ == "__main__":
    main()
