"""Suggest assignments for a ward: which mentor should guide which adult who has none yet.

The rules, in order of priority:

1. **Quota first**: every active mentor is brought up to :data:`~mentors.models.MENTEE_QUOTA`
   (5) mentees before anyone goes above it.
2. **Same hamlet first**: a mentor takes adults of their home hamlet before those of
   neighbouring hamlets. No map of hamlets exists, so *neighbouring* is the nearest in the ward's
   own numbering ("Khu phố 3" lies between 2 and 4: hamlets sorted by name, numbers compared as
   numbers).
3. **Never above the cap** (``cap``, default :data:`DEFAULT_CAP`).
4. **Balanced load**: each adult goes to the least-loaded mentor that may take them.
5. **Households together** where it can: a household's untrained adults are placed as one unit
   with one mentor (the mentor who already guides a member, if any, first), and split only when
   no mentor has room for the whole unit.

Who is proposed: adults (16+) of the ward, not trained, with no active mentor. The proposal is
pure computation over three small queries (mentors, candidates, mentors already guiding a
household): no query per resident, a few seconds for a ward of 50,000 adults
(``mentors/benchmarks/bench_matching.py``). Nothing is written: the official reviews the
proposal and confirms it (``mentors.services.assignments.assignments_apply``).
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from households.models import Resident
from literacy.areas.models import Hamlet

from .models import MENTEE_QUOTA, Assignment, Mentor

DEFAULT_CAP = getattr(settings, "MENTOR_MAX_MENTEES", 10)


class Reason:
    """Why a mentee went to a mentor (shown on the review page)."""

    HOUSEHOLD = "household"  # the mentor already guides a member of the household
    SAME_HAMLET = "same_hamlet"
    NEARBY_HAMLET = "nearby_hamlet"


@dataclass(frozen=True)
class Proposal:
    mentor_id: int
    mentee_id: int
    reason: str


@dataclass
class _Mentor:
    pk: int
    hamlet: int | None
    load: int


@dataclass
class _Unit:
    """A household's candidates (or one person without a household): placed together."""

    members: list[int]
    hamlet: int | None
    household: int | None
    placed: bool = False


@dataclass
class Matching:
    """The inputs of one ward and the proposal being built."""

    mentors: dict[int, _Mentor]
    units: list[_Unit]
    hamlet_order: list[int]
    household_mentor: dict[int, int] = field(default_factory=dict)
    cap: int = DEFAULT_CAP
    quota: int = MENTEE_QUOTA
    proposals: list[Proposal] = field(default_factory=list)

    # -- the phases -------------------------------------------------------------------------

    def run(self) -> list[Proposal]:
        self._pools = self._pools_by_hamlet()
        self._rank = {pk: i for i, pk in enumerate(self.hamlet_order)}
        for limit in (self.quota, self.cap):
            self._join_household_mentor(limit)
            self._fill(limit, same_hamlet=True)
            self._fill(limit, same_hamlet=False)
        # Households too big for any mentor's room: split, as few pieces as rooms allow.
        for limit in (self.quota, self.cap):
            self._fill(limit, same_hamlet=True, split=True)
            self._fill(limit, same_hamlet=False, split=True)
        return self.proposals

    def _pools_by_hamlet(self) -> dict[int | None, dict[int, deque[_Unit]]]:
        """Unplaced units per hamlet, bucketed by size."""
        pools: dict[int | None, dict[int, deque[_Unit]]] = defaultdict(lambda: defaultdict(deque))
        for unit in self.units:
            pools[unit.hamlet][len(unit.members)].append(unit)
        return pools

    def _place(self, unit: _Unit, mentor: _Mentor, reason: str) -> None:
        unit.placed = True
        mentor.load += len(unit.members)
        self.proposals.extend(Proposal(mentor.pk, m, reason) for m in unit.members)

    def _first(self, queue: deque[_Unit]) -> _Unit | None:
        while queue and queue[0].placed:  # placed meanwhile by their household's mentor
            queue.popleft()
        return queue[0] if queue else None

    def _take(self, hamlet: int | None, room: int, *, split: bool) -> _Unit | None:
        """The largest unplaced unit of ``hamlet`` with at most ``room`` members; with
        ``split``, failing that, ``room`` members of the smallest bigger unit (the rest of it
        goes back to the pool)."""
        buckets = self._pools.get(hamlet)
        if not buckets:
            return None
        sizes = sorted(size for size, queue in buckets.items() if queue)
        for size in reversed([size for size in sizes if size <= room]):
            if self._first(buckets[size]) is not None:
                return buckets[size].popleft()
        if not split:
            return None
        for size in (size for size in sizes if size > room):
            unit = self._first(buckets[size])
            if unit is not None:
                buckets[size].popleft()
                rest = _Unit(unit.members[room:], unit.hamlet, unit.household)
                buckets[len(rest.members)].appendleft(rest)
                return _Unit(unit.members[:room], unit.hamlet, unit.household)
        return None

    def _join_household_mentor(self, limit: int) -> None:
        for unit in self.units:
            mentor = self.mentors.get(self.household_mentor.get(unit.household, -1))
            if not unit.placed and mentor and mentor.load + len(unit.members) <= limit:
                self._place(unit, mentor, Reason.HOUSEHOLD)

    def _nearby(self, hamlet: int | None) -> list[int | None]:
        """The ward's other hamlets, nearest first; people without a hamlet last."""
        here = self._rank.get(hamlet)
        others = [h for h in self.hamlet_order if h != hamlet]
        if here is not None:
            others.sort(key=lambda h: (abs(self._rank[h] - here), self._rank[h]))
        return [*others, None] if hamlet is not None else others

    def _fill(self, limit: int, *, same_hamlet: bool, split: bool = False) -> None:
        """Least-loaded mentor first, one unit at a time, until no mentor under ``limit`` can
        take a unit from where ``same_hamlet`` allows."""
        heap = [(m.load, m.pk) for m in self.mentors.values() if m.load < limit]
        heapq.heapify(heap)
        nearby: dict[int | None, list[int | None]] = {}
        reason = Reason.SAME_HAMLET if same_hamlet else Reason.NEARBY_HAMLET
        while heap:
            _, pk = heapq.heappop(heap)
            mentor = self.mentors[pk]
            room = limit - mentor.load
            if same_hamlet:
                unit = self._take(mentor.hamlet, room, split=split)
            else:
                if mentor.hamlet not in nearby:
                    nearby[mentor.hamlet] = self._nearby(mentor.hamlet)
                unit = None
                for hamlet in nearby[mentor.hamlet]:
                    unit = self._take(hamlet, room, split=split)
                    if unit is not None:
                        break
            if unit is None:
                continue  # nothing fits this mentor: out of this phase
            self._place(unit, mentor, reason)
            if mentor.load < limit:
                heapq.heappush(heap, (mentor.load, pk))


def _natural_key(name: str) -> tuple:
    return tuple(
        int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)
    )


def hamlet_order(ward_id: int) -> list[int]:
    """The ward's hamlets in its own numbering (neighbours are next to each other)."""
    hamlets = Hamlet.objects.filter(ward_id=ward_id).values_list("pk", "name")
    return [pk for pk, name in sorted(hamlets, key=lambda h: (_natural_key(h[1]), h[0]))]


def candidates(ward_id: int, *, today=None):
    """Adults of the ward who are not trained and have no active mentor (a queryset)."""
    assigned = Assignment.objects.active().filter(mentee__ward_id=ward_id).values("mentee_id")
    return (
        Resident.objects.filter(ward_id=ward_id, is_trained=False)
        .adults(today)
        .exclude(pk__in=assigned)
    )


def _units(rows: Iterable[tuple[int, int | None, int | None]]) -> list[_Unit]:
    by_household: dict[int, _Unit] = {}
    units: list[_Unit] = []
    for pk, household, hamlet in rows:
        if household is None:
            units.append(_Unit([pk], hamlet, None))
        elif household in by_household:
            by_household[household].members.append(pk)
        else:
            by_household[household] = unit = _Unit([pk], hamlet, household)
            units.append(unit)
    return units


def matching_for_ward(
    *, ward_id: int, cap: int = DEFAULT_CAP, quota: int = MENTEE_QUOTA, today=None
) -> Matching:
    """The ward's inputs, read in three queries, ready to :meth:`Matching.run`."""
    today = today or timezone.localdate()
    mentors = {
        pk: _Mentor(pk, hamlet, load)
        for pk, hamlet, load in Mentor.objects.filter(ward_id=ward_id, is_active=True)
        .annotate(load=Count("assignments", filter=Q(assignments__ends_at__isnull=True)))
        .order_by("pk")
        .values_list("pk", "home_hamlet_id", "load")
    }
    rows = (
        candidates(ward_id, today=today)
        .order_by("household_id", "pk")
        .values_list("pk", "household_id", "household__hamlet_id")
    )
    household_mentor = dict(
        Assignment.objects.active()
        .filter(mentee__ward_id=ward_id, mentee__household__isnull=False)
        .order_by("mentee__household_id", "starts_at")
        .values_list("mentee__household_id", "mentor_id")
    )
    return Matching(
        mentors=mentors,
        units=_units(rows.iterator(chunk_size=10000)),
        hamlet_order=hamlet_order(ward_id),
        household_mentor=household_mentor,
        cap=cap,
        quota=quota,
    )


def suggest_assignments(
    *, ward_id: int, cap: int = DEFAULT_CAP, quota: int = MENTEE_QUOTA, today=None
) -> list[Proposal]:
    """Propose a mentor for every adult of the ward who needs one, as far as mentors reach.

    Ordered as decided: quota fills first, then the rest, so the head of the list is what
    matters most when only part of it is confirmed.
    """
    return matching_for_ward(ward_id=ward_id, cap=cap, quota=quota, today=today).run()
