"""Demo data: Digital Ambassadors, their teams, mentees and ticks, at the scale of ``--residents``.

Each hamlet wants :data:`COVERED_SHARE` of its untrained adults guided by a mentor and gets
about one mentor per six of them (:data:`ADULTS_PER_MENTOR`). Most mentors guide 5–10 mentees,
about one in seven fewer than 5 (the ward pages flag them); mentees are taken household by
household, so a household stays with one mentor, and whoever is left over has no mentor. Each
hamlet's mentors form its community digital technology team. Two in five mentees have ticks
for one to four core lessons, made at random moments since their assignment began (the last
months), which become completions "by mentor tick" (a completion a class gave already is
marked ticked).

Set-based, like the other demo steps: per ward, accounts, mentors, teams, assignments, ticks
and completions are written with COPY; ``is_trained`` is refreshed once. Idempotent: a ward that
already has mentors is skipped. Deterministic for a given seed. The demo logins "mentor" and
"totruong" are the first mentor and the first team's lead of the first ward. One audit event
per ward records the seeding rather than one per row.
"""

# SQL is assembled from model metadata (table and column names) only; values go through COPY.
# ruff: noqa: S608

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from households.models import Resident, years_ago
from lessons.models import Completion, CompletionSource, Lesson, Track
from lessons.services.training import residents_training_refresh
from literacy.accounts.roles import Role
from literacy.areas.models import Ward
from literacy.audit.models import AuditAction, AuditEvent
from literacy.audit.services import AuditEntry, audit_record_many
from literacy.coverage.models import CoverageChange
from literacy.table_statistics import tables_analyse
from mentors.models import Assignment, CommunityTeam, Mentor, Organisation, Tick

from .bulk import BATCH, copy_in, copy_text, for_each_ward, reserve_ids, write_rows
from .households import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES

COVERED_SHARE = 0.6
ADULTS_PER_MENTOR = 6
UNDER_QUOTA_SHARE = 0.15
TICKED_SHARE = 0.4
DEMO_MENTOR, DEMO_TEAM_LEAD = "mentor", "totruong"
ORGANISATIONS = [
    (Organisation.YOUTH_UNION, 40),
    (Organisation.WOMENS_UNION, 25),
    (Organisation.VETERANS, 10),
    (Organisation.TELECOM, 10),
    (Organisation.SCHOOL, 10),
    (Organisation.OTHER, 5),
]


@dataclass
class _Plan:
    """One ward's rows, built in Python before they are written."""

    teams: list[tuple[int, str]] = field(default_factory=list)  # (hamlet, name)
    mentors: list[tuple[int, int, str, str, str]] = field(default_factory=list)
    # (team index, hamlet, full name, phone, organisation)
    assignments: list[tuple[int, int, datetime.datetime]] = field(default_factory=list)
    # (mentor index, resident, starts_at)
    ticks: list[tuple[int, int, int, datetime.datetime]] = field(default_factory=list)
    # (mentor index, resident, lesson, ticked_at)


def _name(rng: random.Random) -> str:
    gender = rng.choice("MF")
    family = rng.choices(list(FAMILY_NAMES), weights=list(FAMILY_NAMES.values()))[0]
    return f"{family} {rng.choice(MIDDLE_NAMES[gender])} {rng.choice(GIVEN_NAMES[gender])}"


def _load(rng: random.Random) -> int:
    if rng.random() < UNDER_QUOTA_SHARE:
        return rng.randint(1, 4)
    return rng.randint(5, 10)


#: The demo login "mentor" guides this many mentees (a full, realistic phone page).
DEMO_MENTOR_LOAD = 7


def _plan_ward(
    rng, adults: dict[int, list[int]], hamlet_names: dict, core, now, *, demo: bool
) -> _Plan:
    """Mentors per hamlet, their mentees (in household order) and ticks."""
    plan = _Plan()
    organisations = [o for o, _ in ORGANISATIONS]
    weights = [w for _, w in ORGANISATIONS]
    for hamlet_id in sorted(adults):
        people = adults[hamlet_id]
        wanted = round(len(people) * COVERED_SHARE / ADULTS_PER_MENTOR)
        if not wanted:
            continue
        team = len(plan.teams)
        plan.teams.append((hamlet_id, f"Tổ công nghệ số {hamlet_names[hamlet_id]}"))
        queue = iter(people)
        for _ in range(wanted):
            mentor = len(plan.mentors)
            phone = f"09{rng.randrange(10**8):08d}"
            organisation = rng.choices(organisations, weights=weights)[0]
            plan.mentors.append((team, hamlet_id, _name(rng), phone, organisation))
            load = DEMO_MENTOR_LOAD if demo and mentor == 0 else _load(rng)
            for resident in [pk for _, pk in zip(range(load), queue, strict=False)]:
                starts_at = now - datetime.timedelta(days=rng.uniform(20, 180))
                plan.assignments.append((mentor, resident, starts_at))
                if core and rng.random() < TICKED_SHARE:
                    for lesson in rng.sample(core, min(len(core), rng.randint(1, 4))):
                        span = (now - starts_at).total_seconds() - 3600
                        ticked_at = starts_at + datetime.timedelta(seconds=rng.uniform(0, span))
                        plan.ticks.append((mentor, resident, lesson, ticked_at))
    return plan


def _demo_users(first_ward: Ward):
    """The demo mentor and team lead (seed_users sets their passwords afterwards)."""
    User = get_user_model()
    users = []
    for username, role in ((DEMO_MENTOR, Role.MENTOR), (DEMO_TEAM_LEAD, Role.TEAM_LEAD)):
        user, _ = User.objects.get_or_create(username=username, defaults={"role": role})
        if user.role != role:
            User.objects.filter(pk=user.pk).update(role=role)
        user.wards.add(first_ward)
        users.append(user)
    return users


def _write_completions(ticks: list[tuple[int, int, int, datetime.datetime]]) -> None:
    """Completions by mentor tick; one a class gave already is marked ticked (kept otherwise)."""
    if not ticks:
        return
    table = Completion._meta.db_table
    columns = (
        "resident_id, lesson_id, completed_at, source, ticked_at, ticked_by_id, recorded_by_id"
    )
    first: dict[tuple[int, int], tuple[datetime.datetime, int]] = {}
    for user_id, resident, lesson, ticked_at in sorted(ticks, key=lambda t: t[3]):
        first.setdefault((resident, lesson), (ticked_at, user_id))
    text = "".join(
        "\t".join(
            map(copy_text, (r, lesson, at, CompletionSource.MENTOR.value, at, user_id, user_id))
        )
        + "\n"
        for (r, lesson), (at, user_id) in first.items()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE demo_ticks ON COMMIT DROP AS SELECT {columns} FROM {table} LIMIT 0"
        )
        copy_in(cursor, f"COPY demo_ticks ({columns}) FROM STDIN", text)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM demo_ticks "
            "ON CONFLICT (resident_id, lesson_id) DO UPDATE SET "
            f"ticked_at = COALESCE({table}.ticked_at, EXCLUDED.ticked_at), "
            f"ticked_by_id = COALESCE({table}.ticked_by_id, EXCLUDED.ticked_by_id); "
            "DROP TABLE demo_ticks"
        )


@transaction.atomic
def _seed_ward(rng, ward: Ward, core: list[int], today, now, demo_users) -> tuple[int, int, int]:
    adults: dict[int, list[int]] = defaultdict(list)
    rows = (
        # household__ward: the households' (ward, code) index instead of a scan of them all
        Resident.objects.filter(ward=ward, is_trained=False, household__ward=ward)
        .filter(date_of_birth__lte=years_ago(16, today))
        .order_by("household__hamlet_id", "household_id", "pk")
        .values_list("household__hamlet_id", "pk")
    )
    for hamlet_id, pk in rows.iterator(chunk_size=BATCH):
        adults[hamlet_id].append(pk)
    names = dict(ward.hamlets.values_list("pk", "name"))
    plan = _plan_ward(rng, adults, names, core, now, demo=bool(demo_users))
    if not plan.mentors:
        return 0, 0, 0
    User = get_user_model()
    with connection.cursor() as cursor:
        team_ids = reserve_ids(cursor, CommunityTeam._meta.db_table, len(plan.teams))
        mentor_ids = reserve_ids(cursor, Mentor._meta.db_table, len(plan.mentors))
        user_ids = reserve_ids(cursor, User._meta.db_table, len(plan.mentors))
    lead = None
    if demo_users:  # the first ward: the demo logins take the first mentor and team lead
        user_ids[0], lead = demo_users[0].pk, demo_users[1].pk
    new_users = [(i, pk) for i, pk in enumerate(user_ids) if not (demo_users and i == 0)]
    write_rows(
        User,
        ("id", "password", "is_superuser", "username", "first_name", "last_name", "email",
         "is_staff", "is_active", "date_joined", "role"),
        [(pk, "!", False, f"demo-dsso-{ward.code}-{i + 1}", plan.mentors[i][2], "", "", False,
          True, now, Role.MENTOR.value) for i, pk in new_users],
    )  # fmt: skip
    write_rows(User.wards.through, ("user_id", "ward_id"), [(pk, ward.pk) for _, pk in new_users])
    write_rows(
        CommunityTeam,
        ("id", "ward_id", "name", "lead_id", "created_at"),
        [(pk, ward.pk, name, lead if i == 0 else None, now)
         for i, (pk, (_h, name)) in enumerate(zip(team_ids, plan.teams, strict=True))],
    )  # fmt: skip
    write_rows(
        Mentor,
        ("id", "user_id", "full_name", "phone", "organisation", "ward_id", "home_hamlet_id",
         "team_id", "is_active", "must_change_password", "created_at", "updated_at"),
        [(pk, user_pk, name, phone, organisation.value, ward.pk, hamlet, team_ids[team], True,
          False, now, now)
         for pk, user_pk, (team, hamlet, name, phone, organisation)
         in zip(mentor_ids, user_ids, plan.mentors, strict=True)],
    )  # fmt: skip
    write_rows(
        Assignment,
        ("mentor_id", "mentee_id", "starts_at"),
        [(mentor_ids[m], resident, starts_at) for m, resident, starts_at in plan.assignments],
    )
    write_rows(
        Tick,
        ("key", "mentor_id", "resident_id", "ward_id", "lesson_id", "ticked_at", "received_at"),
        [(uuid.UUID(int=rng.getrandbits(128), version=4), mentor_ids[m], resident, ward.pk,
          lesson, at, at)
         for m, resident, lesson, at in plan.ticks],
    )  # fmt: skip
    _write_completions([(user_ids[m], r, lesson, at) for m, r, lesson, at in plan.ticks])
    return len(plan.mentors), len(plan.assignments), len(plan.ticks)


def seed_mentors(*, rng: random.Random, residents: int, stdout, workers: int = 1) -> int:
    """Add mentors, teams, assignments and ticks to wards that have no mentors yet; return the
    mentors made (``workers`` wards at a time, see :func:`.bulk.for_each_ward`)."""
    core = list(
        Lesson.objects.filter(is_active=True, track=Track.CORE)
        .order_by("order", "code")
        .values_list("pk", flat=True)
    )
    if not Resident.objects.exists():
        stdout.write("Mentors: skipped (no residents yet).")
        return 0
    started = time.monotonic()
    today, now = timezone.localdate(), timezone.now()
    base = rng.random()
    busy = set(Mentor.objects.values_list("ward_id", flat=True).distinct())
    wards = list(Ward.objects.exclude(pk__in=busy).order_by("code"))
    first = Ward.objects.order_by("code").first()
    demo = _demo_users(first) if first and first.pk not in busy else []

    def seed_ward(ward: Ward) -> tuple[int, int, int]:
        ward_rng = random.Random(f"{base}-mentors-{ward.code}")
        return _seed_ward(ward_rng, ward, core, today, now, demo if ward == first else [])

    totals = [0, 0, 0]
    entries = []
    for ward, counts in zip(wards, for_each_ward(wards, seed_ward, workers=workers), strict=True):
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        if counts[0]:
            entries.append(
                AuditEntry(
                    action=AuditAction.CREATE,
                    object_type="demo_mentors",
                    object_id=ward.code,
                    ward_id=ward.pk,
                    summary=f"demo data: {counts[0]} mentors, {counts[1]} mentees, "
                    f"{counts[2]} ticks",
                )
            )
    audit_record_many(actor=None, entries=entries)
    if totals[2]:
        residents_training_refresh()
    tables_analyse(
        models=[
            get_user_model(),
            get_user_model().wards.through,
            CommunityTeam,
            Mentor,
            Assignment,
            Tick,
            Completion,
            Resident,
            AuditEvent,
            CoverageChange,
        ]
    )
    stdout.write(
        f"Mentors: {totals[0]} created with {totals[1]} mentees and {totals[2]} ticks in "
        f"{time.monotonic() - started:.1f} s ({len(busy)} wards already had mentors)."
    )
    return totals[0]
