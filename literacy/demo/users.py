"""Demo logins, one per role, printed by `make run`."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from literacy.accounts.roles import Role
from literacy.areas.models import Ward

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - demo data only, printed on screen by design

DEMO_USERS = [
    ("tinh", Role.PROVINCIAL, 0),
    ("phuong", Role.WARD_OFFICIAL, 1),
    ("totruong", Role.TEAM_LEAD, 1),
    ("mentor", Role.MENTOR, 1),
]


def seed_users() -> list[tuple[str, str, str]]:
    """Create (or reset) one demo account per role; return (username, role label, ward names)."""
    User = get_user_model()
    first_ward = Ward.objects.order_by("code").first()
    rows = []
    for username, role, ward_count in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username, defaults={"role": role})
        user.role = role
        user.email = f"{username}@demo.binhdanhocvuso.local"
        user.set_password(DEMO_PASSWORD)
        user.save()
        wards = [first_ward] if (ward_count and first_ward) else []
        user.wards.set(wards)
        rows.append((username, str(role.label), ", ".join(w.name for w in wards)))
    return rows
