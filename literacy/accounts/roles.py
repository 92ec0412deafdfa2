"""The portal's roles (see docs/programme.md, 'Who uses the portal')."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial staff")
    WARD_OFFICIAL = "ward_official", _("Ward official")
    TEAM_LEAD = "team_lead", _("Team lead")
    MENTOR = "mentor", _("Mentor")
