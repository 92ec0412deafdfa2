"""Digital Ambassadors (mentors), community digital technology teams, mentee assignments, ticks.

* A **mentor** is a portal user with the mentor role, registered in one ward by its officials.
* A **community digital technology team** (tổ công nghệ số cộng đồng) groups a ward's mentors
  under a team lead.
* An **assignment** pairs a mentor with a mentee (an adult resident of the mentor's ward) from
  ``starts_at`` until ``ends_at``. A mentee has at most one *active* assignment (``ends_at`` is
  empty) — a partial unique constraint; ending one keeps the row, so reassignments and mentors
  who leave leave their history behind.
* A **tick** is a mentor's tap on a lesson for a mentee: the client makes its ``key`` (a UUID),
  which is unique in the database, so a double tap, a retry or a replay from the offline queue
  is stored once. The completion it gives is written by ``lessons.services.completions``.

Who sees what (``visible_to``) is declared with the rest of the scope rules in
``literacy/accounts/scope.py``: mentors their own active mentees, team leads their team.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from literacy.accounts.scope import ScopedQuerySet, mentee_ids

#: The programme asks each mentor to guide at least this many mentees (docs/programme.md).
MENTEE_QUOTA = 5


class Organisation(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Youth Union")
    WOMENS_UNION = "womens_union", _("Women's Union")
    VETERANS = "veterans", _("Veterans' Association")
    TELECOM = "telecom", _("Telecom company")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class CommunityTeamQuerySet(ScopedQuerySet):
    ward_path = "ward"

    def for_team_lead(self, user):
        return self.filter(lead=user)

    def for_mentor(self, user):
        return self.filter(members__user=user)


class CommunityTeam(models.Model):
    """A community digital technology team of a ward, led by a team-lead user."""

    ward = models.ForeignKey(
        "areas.Ward",
        on_delete=models.PROTECT,
        related_name="community_teams",
        verbose_name=_("ward/commune"),
        db_index=False,  # the unique (ward, name) index starts with it
    )
    name = models.CharField(_("name"), max_length=100)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
        limit_choices_to={"role": "team_lead"},
        verbose_name=_("team lead"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommunityTeamQuerySet.as_manager()

    class Meta:
        ordering = ["ward__name", "name"]
        verbose_name = _("community digital technology team")
        verbose_name_plural = _("community digital technology teams")
        constraints = [
            models.UniqueConstraint(fields=["ward", "name"], name="team_unique_name_in_ward")
        ]

    def __str__(self) -> str:
        return self.name


class MentorQuerySet(ScopedQuerySet):
    ward_path = "ward"

    def for_mentor(self, user):
        return self.filter(user=user)

    def for_team_lead(self, user):
        return self.filter(team__lead=user)

    def active(self):
        return self.filter(is_active=True)


class Mentor(models.Model):
    """A Digital Ambassador: the programme record of a user with the mentor role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentor_profile",
        verbose_name=_("account"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone number"), max_length=20)
    organisation = models.CharField(
        _("organisation"), max_length=20, choices=Organisation.choices, default=Organisation.OTHER
    )
    ward = models.ForeignKey(
        "areas.Ward",
        on_delete=models.PROTECT,
        related_name="mentors",
        verbose_name=_("ward/commune"),
    )
    home_hamlet = models.ForeignKey(
        "areas.Hamlet",
        on_delete=models.PROTECT,
        related_name="mentors",
        verbose_name=_("home hamlet"),
    )
    team = models.ForeignKey(
        CommunityTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    #: How many mentees the mentor guides now (active assignments). Kept by the database: a
    #: trigger on the assignments recounts the mentors whose assignments a statement changed,
    #: and one on the mentor recounts on any other update, so a stale save cannot overwrite it
    #: (migration 0005). The ward's mentor list sorts by it off an index.
    active_mentee_count = models.PositiveIntegerField(
        _("active mentees"), default=0, db_default=0, editable=False
    )
    #: Set while the account still has the one-time code of its sign-in card.
    must_change_password = models.BooleanField(_("must change the one-time code"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MentorQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        indexes = [
            # The mentor list's order (name, then id), in a ward and across the programme.
            models.Index(fields=["ward", "full_name", "id"], name="mentor_ward_name_idx"),
            models.Index(fields=["full_name", "id"], name="mentor_name_idx"),
            # A ward's mentors, fewest mentees first (the ward page's order), counted and
            # filtered by activity from the index.
            models.Index(
                fields=["ward", "active_mentee_count", "full_name", "id"],
                include=["is_active"],
                name="mentor_ward_load_idx",
            ),
            # A team's active members, counted off the index alone (the team lists' member
            # counts): a large ward's teams have over a thousand members each.
            models.Index(
                fields=["team", "id"],
                condition=models.Q(is_active=True),
                name="mentor_active_team_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class AssignmentQuerySet(ScopedQuerySet):
    ward_path = "mentor__ward"

    def active(self):
        return self.filter(ends_at__isnull=True)

    def for_mentor(self, user):
        return self.active().filter(mentor__user=user)

    def for_team_lead(self, user):
        return self.active().filter(mentor__team__lead=user)


class Assignment(models.Model):
    """A mentor guides a mentee from ``starts_at`` until ``ends_at`` (empty while it lasts)."""

    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("mentor")
    )
    mentee = models.ForeignKey(
        "households.Resident",
        on_delete=models.CASCADE,
        related_name="mentor_assignments",
        verbose_name=_("mentee"),
        db_index=False,  # the index on (mentee, starts_at) below starts with it
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("mentee assignment")
        verbose_name_plural = _("mentee assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(ends_at__isnull=True),
                name="assignment_one_active_mentor_per_mentee",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="assignment_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["mentee", "starts_at"], name="assignment_mentee_idx"),
            # A mentor's current mentees (the phone page, counts per mentor).
            models.Index(
                fields=["mentor"], name="assignment_active_mentor_idx", condition=Q(ends_at=None)
            ),
            # The assignment list's order (latest first) across the programme.
            models.Index(fields=["starts_at", "id"], name="assignment_starts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} → {self.mentee_id}"

    @property
    def is_active(self) -> bool:
        return self.ends_at is None


class TickQuerySet(ScopedQuerySet):
    #: The mentee's ward, kept on the tick (see ``Tick.ward``).
    ward_path = "ward"

    def for_mentor(self, user):
        """The mentor's own ticks, for mentees who are still theirs."""
        return self.filter(mentor__user=user, resident__in=mentee_ids(mentor=user))

    def not_undone(self):
        return self.filter(undone_at__isnull=True)


class Tick(models.Model):
    """A mentor's tap on a lesson for a mentee, stored once per client-made ``key``."""

    key = models.UUIDField(_("key"), unique=True)
    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, related_name="ticks", verbose_name=_("mentor")
    )
    resident = models.ForeignKey(
        "households.Resident",
        on_delete=models.CASCADE,
        related_name="mentor_ticks",
        verbose_name=_("mentee"),
        db_index=False,  # the index on (resident, lesson) below starts with it
    )
    #: The mentee's ward, copied from the resident when the tick is stored and moved with them
    #: (``mentors.services.assignments.ticks_follow_moved_mentee``): a ward's ticks, latest
    #: first, are then read off one index instead of testing each tick's resident.
    ward = models.ForeignKey(
        "areas.Ward",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ward/commune"),
        db_index=False,  # the index on (ward, ticked_at, id) below starts with it
    )
    lesson = models.ForeignKey(
        "lessons.Lesson", on_delete=models.PROTECT, related_name="+", verbose_name=_("lesson")
    )
    #: When the mentor tapped (earlier than ``received_at`` when it waited in the offline queue).
    ticked_at = models.DateTimeField(_("ticked at"))
    received_at = models.DateTimeField(_("received at"))
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undo_received_at = models.DateTimeField(_("undo received at"), null=True, blank=True)

    objects = TickQuerySet.as_manager()

    class Meta:
        ordering = ["-ticked_at", "-id"]
        verbose_name = _("mentor's tick")
        verbose_name_plural = _("mentors' ticks")
        constraints = [
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True) | Q(undone_at__gte=models.F("ticked_at")),
                name="tick_undone_after_ticked",
            ),
        ]
        indexes = [
            models.Index(fields=["resident", "lesson"], name="tick_resident_lesson_idx"),
            # The tick list's order (latest first) across the programme.
            models.Index(fields=["ticked_at", "id"], name="tick_ticked_idx"),
            # A ward's tick list in the same order.
            models.Index(fields=["ward", "ticked_at", "id"], name="tick_ward_ticked_idx"),
        ]

    def __str__(self) -> str:
        return str(self.key)

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
