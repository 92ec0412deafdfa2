"""The curriculum (30-minute video lessons), the classes ward officials log, and completions.

A *completion* is recorded once per (resident, lesson) — a database constraint — with when, by
whom and how (a class, or a mentor's tick). A resident is *trained* when every active core lesson
is completed; ``lessons.services`` keeps ``Resident.is_trained`` in step, set-based.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from literacy.accounts.scope import ScopedQuerySet, is_active_user


class Track(models.TextChoices):
    CORE = "core", _("Core")
    FOUR_T = "4t", _("4T (Digital Market – Digital Rural Area)")
    EXTRA = "extra", _("Extra")


class LessonQuerySet(ScopedQuerySet):
    """The catalogue is public learning material (readable without signing in, so a mentor can
    send a link to a mentee); only provincial staff change it."""

    def visible_to(self, user):
        if not is_active_user(user):
            return self.none()
        return self.all()

    def manageable_by(self, user):
        if not is_active_user(user):
            return self.none()
        return self.all() if user.is_provincial else self.none()

    def in_catalogue_for(self, user) -> LessonQuerySet:
        """Return the lessons the user (or an anonymous visitor) finds in the catalogue.

        Active lessons are public. Retired lessons leave the catalogue; only the staff who
        manage it still reach them (to see what was retired and restore it). Completions of
        retired lessons are kept.
        """
        if is_active_user(user) and user.is_provincial:
            return self.all()
        return self.active()

    def active(self) -> LessonQuerySet:
        return self.filter(is_active=True)

    def core(self) -> LessonQuerySet:
        return self.filter(is_active=True, track=Track.CORE)


class Lesson(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_vi = models.TextField(_("summary (Vietnamese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    skill = models.CharField(_("skill taught"), max_length=200, blank=True)
    skill_en = models.CharField(_("skill taught (English)"), max_length=200, blank=True)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices, default=Track.CORE)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    order = models.PositiveIntegerField(_("order"), default=0)
    video = models.FileField(_("video file"), upload_to="lessons/videos/", blank=True)
    video_url = models.URLField(_("external video URL"), blank=True)
    captions = models.FileField(_("captions (WebVTT)"), upload_to="lessons/captions/", blank=True)
    thumbnail = models.FileField(_("thumbnail"), upload_to="lessons/thumbnails/", blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0), name="lesson_duration_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "vi").startswith("en") else self.title_vi

    @property
    def summary(self) -> str:
        return self.summary_en if (get_language() or "vi").startswith("en") else self.summary_vi

    @property
    def skill_label(self) -> str:
        english = (get_language() or "vi").startswith("en")
        return (self.skill_en or self.skill) if english else self.skill


class CompletionSource(models.TextChoices):
    CLASS = "class", _("Class attendance")
    MENTOR = "mentor", _("Mentor's tick")


class CompletionQuerySet(ScopedQuerySet):
    ward_path = "resident__ward"
    mentee_path = "resident"  # a mentee's progress, while the assignment lasts


class Completion(models.Model):
    # No index of its own: the covering (resident) index below serves the foreign key.
    resident = models.ForeignKey(
        "households.Resident",
        on_delete=models.CASCADE,
        related_name="completions",
        verbose_name=_("resident"),
        db_index=False,
    )
    lesson = models.ForeignKey(
        Lesson, on_delete=models.PROTECT, related_name="completions", verbose_name=_("lesson")
    )
    completed_at = models.DateTimeField(_("completed at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    source = models.CharField(_("how"), max_length=10, choices=CompletionSource.choices)
    class_session = models.ForeignKey(
        "ClassSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completions",
        verbose_name=_("class"),
    )
    #: A mentor's tick is kept apart from ``source``: a completion first given by a class may be
    #: ticked later, and must then survive the class being edited away (see services.completions).
    ticked_at = models.DateTimeField(_("ticked by a mentor at"), null=True, blank=True)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticked by"),
    )

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_at"]
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "lesson"], name="completion_once_per_resident_lesson"
            ),
            models.CheckConstraint(
                condition=~models.Q(source="mentor") | models.Q(ticked_at__isnull=False),
                name="completion_mentor_source_is_ticked",
            ),
        ]
        indexes = [
            # A resident's progress (which lessons, on which day) from the index alone: the
            # coverage roll-up reads it for every resident a tick touched, and the rows of one
            # resident lie scattered over the table (one class at a time).
            models.Index(
                fields=["resident"],
                include=["lesson", "completed_at"],
                name="completion_resident_cover_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} – {self.lesson}"


class ClassSessionQuerySet(ScopedQuerySet):
    ward_path = "ward"


class ClassSession(models.Model):
    """A free ~30-minute class held in a hamlet (lớp học), logged by a ward official."""

    ward = models.ForeignKey(
        "areas.Ward", on_delete=models.PROTECT, related_name="classes", verbose_name=_("ward")
    )
    hamlet = models.ForeignKey(
        "areas.Hamlet", on_delete=models.PROTECT, related_name="classes", verbose_name=_("hamlet")
    )
    starts_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    lessons = models.ManyToManyField(Lesson, related_name="classes", verbose_name=_("lessons"))
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="facilitated_classes",
        blank=True,
        verbose_name=_("facilitators"),
    )
    attendees = models.ManyToManyField(
        "households.Resident",
        through="Attendance",
        related_name="classes_attended",
        verbose_name=_("attendees"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClassSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        indexes = [
            # The class list's order (latest first), in a ward and across the programme.
            models.Index(fields=["ward", "starts_at", "id"], name="class_ward_starts_idx"),
            models.Index(fields=["starts_at", "id"], name="class_starts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.hamlet} {self.starts_at:%d/%m/%Y %H:%M}"


class Attendance(models.Model):
    class_session = models.ForeignKey(
        ClassSession, on_delete=models.CASCADE, related_name="attendance"
    )
    resident = models.ForeignKey(
        "households.Resident", on_delete=models.CASCADE, related_name="attendance"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["class_session", "resident"], name="attendance_once_per_class"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} @ {self.class_session}"
