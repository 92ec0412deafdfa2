"""Demo logins, one per role, printed by `make run`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from literacy.accounts.roles import Role
from literacy.areas.models import Ward
from literacy.table_statistics import tables_analyse

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - demo data only, printed on screen by design

DEMO_USERS = [
    ("tinh", Role.PROVINCIAL, 0),
    ("phuong", Role.WARD_OFFICIAL, 1),
    ("totruong", Role.TEAM_LEAD, 1),
    ("mentor", Role.MENTOR, 1),
]


#: Printed after the provincial login: that role must set up two-step verification.
MFA_NOTE = _(
    "whole programme area; asked to set up two-step verification "
    "(an authenticator app) at first login"
)


def seed_users() -> list[tuple[str, str, str]]:
    """Create (or reset) one demo account per role; return (username, role label, ward names or,
    for the provincial account, a note that it sets up two-step verification at first login)."""
    User = get_user_model()
    first_ward = Ward.objects.order_by("code").first()
    rows = []
    for username, role, ward_count in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username, defaults={"role": role})
        user.role = role
        user.email = f"{username}@demo.binhdanhocvuso.local"
        user.set_password(DEMO_PASSWORD)
        user.save()
        wards = [first_ward] if (ward_count and first_ward) else []
        user.wards.set(wards)
        where = str(MFA_NOTE) if user.is_mfa_required else ", ".join(w.name for w in wards)
        rows.append((username, str(role.label), where))
    tables_analyse(models=[User, User.wards.through])
    return rows
