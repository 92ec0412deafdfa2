"""Residents and households: the people the programme must reach.

Definitions (docs/programme.md): *adult* is 16+ on the day of measurement, *elderly* 60+;
*trained* means every active core lesson is completed (``Resident.is_trained`` is kept up to date
set-based by the lessons app whenever completions or the core set change); a *Digital Family* is
a household with at least one trained member (``Household.is_digital_family``, kept by the
database: ``triggers.py``). ``ward`` is stored on both models so that scope and
dashboard queries need no joins.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.query import EmptyQuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from literacy.accounts.scope import ScopedQuerySet
from literacy.text import fold

from .triggers import digital_family_triggers, household_flag_trigger

ADULT_AGE = 16
ELDERLY_AGE = 60


def years_ago(years: int, today: datetime.date | None = None) -> datetime.date:
    """The latest birth date of someone who is at least ``years`` old on ``today``."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class VneidLevel(models.IntegerChoices):
    NONE = 0, _("No VNeID")
    LEVEL_1 = 1, _("Level 1")
    LEVEL_2 = 2, _("Level 2")


#: The segments that are set by hand (elderly is derived from age). Field name → label.
SEGMENT_FIELDS = {
    "is_worker": _("Worker"),
    "is_small_trader": _("Small trader"),
    "is_farmer": _("Farmer"),
    "is_ethnic_minority": _("Ethnic minority"),
    "has_disability": _("Person with disability"),
}


class HouseholdQuerySet(ScopedQuerySet):
    ward_path = "ward"

    def with_member_counts(self, *, adults: bool = False) -> HouseholdQuerySet:
        """Annotate ``member_count`` (and ``adult_count``), each a subquery per row shown.

        Not ``Count("members")``: its ``GROUP BY`` counts the members of every matching household
        before the page's 50 are chosen, so no index can give the list's order.
        """
        counts = {"member_count": _members_count(Q())}
        if adults:
            counts["adult_count"] = _members_count(Q(date_of_birth__lte=years_ago(ADULT_AGE)))
        return self.annotate(**counts)

    def digital_families(self) -> HouseholdQuerySet:
        return self.filter(is_digital_family=True)

    def not_digital_families(self) -> HouseholdQuerySet:
        return self.filter(is_digital_family=False)


def _members_count(condition: Q) -> Coalesce:
    members = (
        Resident.objects.filter(condition, household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), Value(0))


class Household(models.Model):
    # No index of its own: the unique (ward, code) index starts with the ward.
    ward = models.ForeignKey(
        "areas.Ward",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("ward"),
        db_index=False,
    )
    # No index of its own: the (hamlet, ward) index below starts with it.
    hamlet = models.ForeignKey(
        "areas.Hamlet",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("hamlet"),
        db_index=False,
    )
    #: The household's hamlet in the lists' order (a view, no column): ordering by its names
    #: lets the database walk the hamlets in order rather than sort every household in scope.
    listed_hamlet = models.ForeignObject(
        "areas.HamletInListOrder",
        on_delete=models.DO_NOTHING,
        from_fields=["hamlet"],
        to_fields=["hamlet"],
        related_name="+",
        editable=False,
        blank=True,
    )
    code = models.CharField(_("household code"), max_length=30)
    address = models.CharField(_("address"), max_length=255, blank=True)
    head = models.ForeignKey(
        "Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of household"),
    )
    #: At least one trained member: set by the database from the members whenever a household
    #: or its residents are written (``households/triggers.py``); what the portal saves is
    #: overwritten. ``db_default``: the import and seeding COPY rows without it.
    is_digital_family = models.BooleanField(
        _("Digital Family"), default=False, db_default=False, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["hamlet__name", "code"]
        # The Digital Family flag is computed on every write (installed after every migrate).
        triggers = [household_flag_trigger()]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(fields=["ward", "code"], name="household_unique_code_in_ward")
        ]
        indexes = [
            # A hamlet's households; with the ward, the lists walking the hamlets in order skip
            # another ward's hamlet in one look-up instead of reading its households.
            models.Index(fields=["hamlet", "ward"], name="household_hamlet_ward_idx"),
            # A hamlet's households by code: its digital-identity list (by household, then
            # name) is read off it in order and stops after a page instead of sorting them all.
            models.Index(fields=["hamlet", "code", "id"], name="household_hamlet_code_idx"),
            # The same for the households not yet a Digital Family: their to-do list stops
            # after a page instead of skipping the hamlet's Digital Families first.
            models.Index(
                fields=["hamlet", "code", "id"],
                condition=Q(is_digital_family=False),
                name="household_not_family_idx",
            ),
            # A ward's households not yet a Digital Family, counted off the index alone. Without
            # it the count of the to-do list's first rows read the table from wherever the last
            # scan stopped until it met the ward (a ward's households lie together; the planner
            # expects them spread evenly): 0.3 ms instead of up to 200 ms.
            models.Index(
                fields=["ward"],
                condition=Q(is_digital_family=False),
                name="household_not_family_ward_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.address}" if self.address else self.code


#: A folded name after its first letter: a name contains a search's words when it starts with
#: them or this contains them (see ``ResidentQuerySet.search``).
NAME_REST = Func(F("name_folded"), Value(2), function="substr", output_field=models.TextField())


def _starting_with(folded: str) -> Q | None:
    """Names that start with the folded words, as a range of the name indexes: every such name
    sorts from the words to just before them with their last letter the next ("nguyen" …
    "nguyeo"; folded names are plain letters, digits and spaces). ``None`` for words ending in
    another sign, which a name order may skip (the range would not hold)."""
    last = folded[-1]
    if not (last.isascii() and last.isalnum()):
        return None
    after = folded[:-1] + chr(ord(last) + 1)
    return Q(name_folded__gte=folded, name_folded__lt=after, name_folded__startswith=folded)


class ResidentQuerySet(ScopedQuerySet):
    ward_path = "ward"
    mentee_path = ""  # mentors see their own active mentees (literacy/accounts/scope.py)

    def adults(self, today: datetime.date | None = None) -> ResidentQuerySet:
        return self.filter(date_of_birth__lte=years_ago(ADULT_AGE, today))

    def elderly(self, today: datetime.date | None = None) -> ResidentQuerySet:
        return self.filter(date_of_birth__lte=years_ago(ELDERLY_AGE, today))

    def trained(self) -> ResidentQuerySet:
        return self.filter(is_trained=True)

    def search(self, query: str) -> ResidentQuerySet:
        """Accent-insensitive name search: 'nguyen van an' finds 'Nguyễn Văn An'.

        A name contains the words when it starts with them or when the name after its first
        letter contains them: the first is a range of the name indexes (most searches are of a
        family name: "nguyen" is a third of the province), the second is read off the trigram
        index of the rest of the name, where a family name is rare.
        """
        folded = fold(query)
        if not folded:
            return self
        starting = _starting_with(folded)
        if starting is None:
            return self.filter(name_folded__contains=folded)
        return self.alias(name_rest=NAME_REST).filter(starting | Q(name_rest__contains=folded))

    def search_in_name_order(self, query: str) -> NameSearch | None:
        """The matches of :meth:`search` as its two parts, each read in name order off its own
        index (see :class:`NameSearch`). ``self`` is the list already filtered (the search
        included); ``None`` without a search, or for words ending in a sign the name order may
        skip (the range would not hold)."""
        folded = fold(query)
        starting = _starting_with(folded) if folded else None
        if starting is None:
            return None
        elsewhere = (
            self.alias(name_rest=NAME_REST)
            .filter(name_rest__contains=folded)
            .exclude(name_folded__startswith=folded)
        )
        return NameSearch(starting=self.filter(starting), elsewhere=elsewhere)


@dataclass(frozen=True)
class NameSearch:
    """A name search as two parts, the names starting with the words (a range of the name
    indexes) and those containing them after the first letter (the trigram index of the rest):
    a page merges the first ``top`` of each in name order. One ``ORDER BY … LIMIT`` over the
    whole search cannot: it walks the name index from "a", testing every name, and "nguyen"
    starts a third of the way through the province. Counting the parts reads the range and the
    trigrams instead of testing every name for both."""

    starting: QuerySet
    elsewhere: QuerySet

    def ids(self, bottom: int, top: int) -> list[int]:
        """The ids of matches ``bottom`` to ``top`` in the lists' order (name, then id)."""
        first, second = (
            part.order_by("name_folded", "pk").values_list("pk", "name_folded")[:top]
            for part in (self.starting, self.elsewhere)
        )
        if isinstance(first, EmptyQuerySet) or isinstance(second, EmptyQuerySet):
            # Nothing to merge (a list out of scope or filtered to nothing is empty).
            rows = [] if isinstance(first, EmptyQuerySet) else list(first)
            rows += [] if isinstance(second, EmptyQuerySet) else list(second)
            return [pk for pk, _name in rows[bottom:top]]
        merged = first.union(second, all=True).order_by("name_folded", "pk")
        return [pk for pk, _name in merged[bottom:top]]

    @property
    def counted(self) -> QuerySet:
        """The matches' ids, to count (the parts do not overlap)."""
        first, second = (part.order_by().values("pk") for part in (self.starting, self.elsewhere))
        if isinstance(first, EmptyQuerySet):
            return second
        return first.union(second, all=True)


#: Kept by the lessons app from completions (``lessons.services.training``), never by an edit.
TRAINING_FIELDS = frozenset({"is_trained", "trained_at"})


class Resident(models.Model):
    # Indexes are few on purpose: every index costs the roster import (100,000 rows at a time)
    # an entry per row. The ward has no index of its own (each composite index below starts
    # with it), the CCCD's uniqueness is a constraint (no ``_like`` copy of its index) and the
    # name is indexed only within a ward, as the lists filter and sort it.
    ward = models.ForeignKey(
        "areas.Ward",
        on_delete=models.PROTECT,
        related_name="residents",
        verbose_name=_("ward"),
        db_index=False,
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    cccd = models.CharField(_("citizen ID (CCCD)"), max_length=12, null=True, blank=True)
    is_worker = models.BooleanField(_("worker"), default=False)
    is_small_trader = models.BooleanField(_("small trader"), default=False)
    is_farmer = models.BooleanField(_("farmer"), default=False)
    is_ethnic_minority = models.BooleanField(_("ethnic minority"), default=False)
    has_disability = models.BooleanField(_("person with disability"), default=False)
    vneid_level = models.PositiveSmallIntegerField(
        _("VNeID status"), choices=VneidLevel.choices, default=VneidLevel.NONE
    )
    has_bank_account = models.BooleanField(_("has a bank account"), default=False)
    has_ewallet = models.BooleanField(_("has an e-wallet"), default=False)
    consent_purpose = models.CharField(_("consent purpose"), max_length=255, blank=True)
    consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent collected by"),
        # Indexed by the partial index in Meta (only rows that have it, never imported ones).
        db_index=False,
    )
    #: Kept up to date set-based by ``lessons.services`` (all active core lessons completed).
    is_trained = models.BooleanField(_("trained"), default=False)
    trained_at = models.DateTimeField(_("trained at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        ordering = ["name_folded", "id"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        # Keep each household's Digital Family flag (installed after every migrate).
        triggers = digital_family_triggers()
        constraints = [
            models.UniqueConstraint(fields=["cccd"], name="resident_unique_cccd"),
            models.CheckConstraint(
                condition=Q(cccd__isnull=True) | Q(cccd__regex=r"^[0-9]{12}$"),
                name="resident_cccd_twelve_digits",
            ),
            models.CheckConstraint(
                condition=Q(vneid_level__in=[0, 1, 2]), name="resident_vneid_level_valid"
            ),
        ]
        indexes = [
            # Only trained people have an entry: imports (nobody trained yet) add none, and the
            # counts of trained people per ward read it.
            models.Index(
                fields=["ward"], name="resident_trained_ward_idx", condition=Q(is_trained=True)
            ),
            # Whether a household has a trained member (a Digital Family) is one look-up in it,
            # without reading the members' rows.
            models.Index(
                fields=["household"],
                name="resident_trained_household_idx",
                condition=Q(is_trained=True),
            ),
            models.Index(fields=["ward", "date_of_birth"]),
            # A ward's people in id order: the progress (completions) list is ordered by the
            # person's id, and without this the database walks the whole province's ids to meet
            # one ward's.
            models.Index(fields=["ward", "id"], name="resident_ward_id_idx"),
            # The lists' order (name, then id for ties): a ward's page of 50 is read off the
            # first, the whole programme's (provincial staff) off the second, without a sort.
            models.Index(fields=["ward", "name_folded", "id"], name="resident_ward_name_id_idx"),
            models.Index(fields=["name_folded", "id"], name="resident_name_id_idx"),
            # The accent-insensitive search (``ResidentQuerySet.search``): names that start with
            # the words are a range of the name indexes above; the others contain them after
            # the first letter, read off the trigrams of the rest of the name (where a family
            # name, the common search, is rare).
            GinIndex(OpClass(NAME_REST, name="gin_trgm_ops"), name="resident_name_rest_trgm_idx"),
            # Deleting a user clears ``consent_by``: find those rows without a scan.
            models.Index(
                fields=["consent_by"],
                name="resident_consent_by_idx",
                condition=Q(consent_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)
        if self.cccd == "":
            self.cccd = None
        if not self._state.adding and kwargs.get("update_fields") is None:
            # An edit writes the roster's fields only: training is the lessons app's (set-based
            # from completions), and a person read before a tick must not write it back.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in TRAINING_FIELDS
            ]
        super().save(*args, **kwargs)

    @property
    def cccd_masked(self) -> str:
        """Only the last 4 digits (shown everywhere except the editable detail page)."""
        return f"********{self.cccd[-4:]}" if self.cccd else ""

    def age(self, today: datetime.date | None = None) -> int | None:
        if not self.date_of_birth:
            return None
        today = today or timezone.localdate()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def is_adult(self) -> bool:
        age = self.age()
        return age is not None and age >= ADULT_AGE

    @property
    def is_elderly(self) -> bool:
        age = self.age()
        return age is not None and age >= ELDERLY_AGE


# The roster import's job records live with the import's code; importing them here registers
# them with the app.
from .importing.models import ImportJob  # noqa: E402, F401
