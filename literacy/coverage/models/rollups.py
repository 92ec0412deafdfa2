"""The roll-up tables: what the dashboards, exports and the API read (never the raw rows).

One row per area per day (:class:`CoverageDay`), plus one per area, day and segment
(:class:`CoverageSegmentDay`) and per area, day and lesson (:class:`CoverageLessonDay`). An area
is the whole programme, a ward, a hamlet, or a ward's residents who belong to no household yet
("unplaced"), so that a ward's hamlets and its unplaced residents add up to the ward. Rows are
written only by :mod:`literacy.coverage.rollup`, in one transaction per run, so a reader sees a
run's figures entirely or not at all. Past days are kept: they draw the trend.

Definitions (docs/programme.md): *adult* is 16+ on the row's day; *trained* is every active core
lesson completed, dated by the day the last one was completed (an offline tick counts on the day
it was made); a *Digital Family* is a household with a trained member; a *mentor at quota* is an
active mentor with at least 5 active mentees.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from literacy.accounts.scope import ScopedQuerySet


class AreaKind(models.IntegerChoices):
    PROGRAMME = 0, _("Programme area")
    WARD = 1, _("Ward/commune")
    HAMLET = 2, _("Hamlet")
    UNPLACED = 3, _("Not in a household yet")


class Segment(models.TextChoices):
    ELDERLY = "elderly", _("Elderly (60+)")
    WORKER = "worker", _("Worker")
    SMALL_TRADER = "small_trader", _("Small trader")
    FARMER = "farmer", _("Farmer")
    #: Sensitive: counted per ward and for the programme only, and shown only from a small count.
    ETHNIC_MINORITY = "ethnic_minority", _("Ethnic minority")


#: The figures of :class:`CoverageDay`, in the order the SQL writes them.
DAY_METRICS = (
    "residents",
    "adults",
    "trained_adults",
    "households",
    "digital_families",
    "adults_vneid2",
    "adults_banked",
    "adults_identity_done",
    "active_mentors",
    "mentors_at_quota",
    "mentees",
    "adults_without_mentor",
    "classes_7d",
    "classes_30d",
    "four_t_candidates",
    "four_t_completers",
)
#: Figures that follow dated events (completions, classes): a change dated in the past (an
#: offline tick synced late, a class logged late) re-counts them on the days since.
DATED_DAY_METRICS = (
    "trained_adults",
    "digital_families",
    "classes_7d",
    "classes_30d",
    "four_t_completers",
)
SEGMENT_METRICS = ("adults", "trained", "four_t_completers")
DATED_SEGMENT_METRICS = ("trained", "four_t_completers")


class RollupQuerySet(ScopedQuerySet):
    """Provincial staff see every area; ward officials their wards' rows (never the programme's
    total, which has no ward); mentors and team leads none."""

    ward_path = "ward"


class AreaRow(models.Model):
    day = models.DateField(_("day"))
    kind = models.PositiveSmallIntegerField(_("area"), choices=AreaKind.choices)
    #: 0 for the programme, the ward's id for a ward or its unplaced residents, else the hamlet's.
    area_id = models.BigIntegerField()
    ward = models.ForeignKey(
        "areas.Ward", on_delete=models.CASCADE, null=True, related_name="+", db_index=False
    )
    hamlet = models.ForeignKey(
        "areas.Hamlet", on_delete=models.CASCADE, null=True, related_name="+", db_index=False
    )

    objects = RollupQuerySet.as_manager()

    class Meta:
        abstract = True

    @staticmethod
    def area_checks(prefix: str) -> list[models.CheckConstraint]:
        return [
            models.CheckConstraint(
                condition=(
                    Q(kind=AreaKind.PROGRAMME, area_id=0, ward__isnull=True, hamlet__isnull=True)
                    | Q(kind=AreaKind.WARD, ward__isnull=False, hamlet__isnull=True)
                    | Q(kind=AreaKind.UNPLACED, ward__isnull=False, hamlet__isnull=True)
                    | Q(kind=AreaKind.HAMLET, ward__isnull=False, hamlet__isnull=False)
                ),
                name=f"{prefix}_area_is_consistent",
            )
        ]


def _count(label):
    return models.IntegerField(label, default=0)


class CoverageDay(AreaRow):
    residents = _count(_("residents"))
    adults = _count(_("adults (16+)"))
    trained_adults = _count(_("trained adults"))
    households = _count(_("households"))
    digital_families = _count(_("Digital Families"))
    adults_vneid2 = _count(_("adults with VNeID level 2"))
    adults_banked = _count(_("adults with a bank account or e-wallet"))
    #: Both: the adults the digital-identity to-do list no longer needs to visit.
    adults_identity_done = _count(_("adults with VNeID level 2 and a bank account or e-wallet"))
    active_mentors = _count(_("active mentors"))
    mentors_at_quota = _count(_("mentors at quota"))
    mentees = _count(_("mentees"))
    adults_without_mentor = _count(_("adults with no mentor"))
    classes_7d = _count(_("classes held in the last 7 days"))
    classes_30d = _count(_("classes held in the last 30 days"))
    four_t_candidates = _count(_("small traders and farmers"))
    four_t_completers = _count(_("4T-track completers"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("coverage figures of a day")
        verbose_name_plural = _("coverage figures per day")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "area_id", "day"], name="coverage_day_once_per_area_day"
            ),
            *AreaRow.area_checks("coverage_day"),
        ]
        indexes = [
            models.Index(fields=["ward", "day"], name="coverage_day_ward_idx"),
            models.Index(fields=["day", "kind"], name="coverage_day_day_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.area_id} {self.day}"


class CoverageSegmentDay(AreaRow):
    segment = models.CharField(_("segment"), max_length=20, choices=Segment.choices)
    adults = _count(_("adults (16+)"))
    trained = _count(_("trained adults"))
    four_t_completers = _count(_("4T-track completers"))

    class Meta:
        verbose_name = _("coverage of a segment on a day")
        verbose_name_plural = _("coverage per segment and day")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "area_id", "day", "segment"],
                name="coverage_segment_once_per_area_day",
            ),
            *AreaRow.area_checks("coverage_segment"),
            # The sensitive segment is never stored below the ward.
            models.CheckConstraint(
                condition=~Q(segment=Segment.ETHNIC_MINORITY)
                | Q(kind__in=[AreaKind.PROGRAMME, AreaKind.WARD]),
                name="coverage_segment_ethnic_only_in_aggregate",
            ),
        ]
        indexes = [models.Index(fields=["ward", "day"], name="coverage_segment_ward_idx")]

    def __str__(self) -> str:
        return f"{self.segment} {self.area_id} {self.day}"


class CoverageLessonDay(AreaRow):
    lesson = models.ForeignKey(
        "lessons.Lesson", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    completions = _count(_("completions"))

    class Meta:
        verbose_name = _("completions of a lesson on a day")
        verbose_name_plural = _("completions per lesson and day")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "area_id", "day", "lesson"],
                name="coverage_lesson_once_per_area_day",
            ),
            *AreaRow.area_checks("coverage_lesson"),
        ]
        indexes = [models.Index(fields=["ward", "day"], name="coverage_lesson_ward_idx")]

    def __str__(self) -> str:
        return f"{self.lesson_id} {self.area_id} {self.day}"
