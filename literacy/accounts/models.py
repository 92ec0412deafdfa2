"""The custom user: a role and, for ward officials, the wards they serve."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    wards = models.ManyToManyField(
        "areas.Ward",
        verbose_name=_("wards"),
        blank=True,
        related_name="officials",
        help_text=_("The wards a ward official serves; empty for other roles."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_provincial(self) -> bool:
        return self.is_superuser or self.role == Role.PROVINCIAL

    @property
    def is_ward_official(self) -> bool:
        return self.role == Role.WARD_OFFICIAL

    @property
    def is_mentor(self) -> bool:
        return self.role == Role.MENTOR

    @property
    def is_team_lead(self) -> bool:
        return self.role == Role.TEAM_LEAD
