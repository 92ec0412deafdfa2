"""Fixtures shared by every app's tests: wards, and a user of each role (alice, bob, …)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from literacy.accounts.roles import Role
from literacy.areas.models import Ward

pytest_plugins = ["literacy.tests.clock", "literacy.tests.e2e.fixtures"]

WARD_A_CODE = 25747
WARD_B_CODE = 25750


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(autouse=True)
def _clear_cache():
    """The cache is the shared Redis: clear rate-limit counters between tests (and the
    dashboards' parts kept in this process, with it)."""
    from django.core.cache import cache

    from literacy.coverage.page_cache import forget_recent

    cache.clear()
    forget_recent()
    yield
    cache.clear()
    forget_recent()


@pytest.fixture
def wards(db):
    """Two real wards of the default programme area: (ward A, ward B)."""
    call_command("load_divisions", wards=[WARD_A_CODE, WARD_B_CODE], stdout=open("/dev/null", "w"))
    return Ward.objects.get(code=WARD_A_CODE), Ward.objects.get(code=WARD_B_CODE)


@pytest.fixture
def ward_a(wards):
    return wards[0]


@pytest.fixture
def ward_b(wards):
    return wards[1]


def _make_user(username: str, role: str, wards=(), **extra):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.vn", password="pass-12345", role=role, **extra
    )
    if wards:
        user.wards.set(wards)
    return user


@pytest.fixture
def make_user(db):
    return _make_user


@pytest.fixture
def provincial_user(db):
    """Alice, provincial staff (whole programme area)."""
    return _make_user("alice", Role.PROVINCIAL)


@pytest.fixture
def ward_official(ward_a):
    """Bob, ward official of ward A."""
    return _make_user("bob", Role.WARD_OFFICIAL, wards=[ward_a])


@pytest.fixture
def other_ward_official(ward_b):
    """Charlie, ward official of ward B."""
    return _make_user("charlie", Role.WARD_OFFICIAL, wards=[ward_b])


@pytest.fixture
def mentor_user(ward_a):
    """Dung, a mentor in ward A."""
    return _make_user("dung", Role.MENTOR, wards=[ward_a])


@pytest.fixture
def team_lead_user(ward_a):
    """Em, a community team lead in ward A."""
    return _make_user("em", Role.TEAM_LEAD, wards=[ward_a])


@pytest.fixture
def login(client):
    """``login(user)`` logs the test client in (MFA satisfied where the role needs it)."""
    from literacy.accounts.testing import force_login_with_mfa

    def _login(user):
        force_login_with_mfa(client, user)
        return client

    return _login
