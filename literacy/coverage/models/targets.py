"""The programme target and its deadline, and ward targets that override the allocation.

Provincial staff edit them (``services.target_update``). A ward without an override gets a share
of what the overrides leave, in proportion to its adults (``targets.py``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_DEADLINE = datetime.date(2026, 12, 31)


class ProgrammeTarget(models.Model):
    """One row (id 1): trained adults to reach, and by when."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    trained_adults = models.PositiveIntegerField(
        _("target: trained adults"), validators=[MinValueValidator(1)]
    )
    deadline = models.DateField(_("deadline"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="programme_target_one"),
            models.CheckConstraint(
                condition=models.Q(trained_adults__gt=0), name="programme_target_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trained_adults} by {self.deadline}"

    @classmethod
    def current(cls) -> ProgrammeTarget:
        """The stored target, or the configured default (PROGRAMME_TARGET_ADULTS) if none yet."""
        stored = cls.objects.filter(pk=1).first()
        return stored or cls(
            trained_adults=settings.PROGRAMME_TARGET_ADULTS, deadline=DEFAULT_DEADLINE
        )


class WardTarget(models.Model):
    ward = models.OneToOneField(
        "areas.Ward",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("ward/commune"),
    )
    trained_adults = models.PositiveIntegerField(
        _("target: trained adults"), validators=[MinValueValidator(1)]
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("ward target")
        verbose_name_plural = _("ward targets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trained_adults__gt=0), name="ward_target_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ward_id}: {self.trained_adults}"
