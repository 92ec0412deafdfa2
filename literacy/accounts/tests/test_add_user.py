from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from literacy.audit.models import AuditEvent

BASE_DIR = Path(__file__).resolve().parents[3]
User = get_user_model()


def test_add_user_creates_a_ward_official_with_wards(wards, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Str0ng-pass-phrase\n"))
    out = io.StringIO()
    call_command(
        "add_user",
        "hoa",
        "--role",
        "ward_official",
        "--ward",
        str(wards[0].code),
        str(wards[1].code),
        "--password-stdin",
        stdout=out,
    )
    user = User.objects.get(username="hoa")
    assert user.role == "ward_official"
    assert set(user.wards.all()) == set(wards)
    assert user.check_password("Str0ng-pass-phrase")
    assert "Created hoa" in out.getvalue()
    assert AuditEvent.objects.filter(object_type="user", object_id=str(user.pk)).exists()


def test_add_user_creates_a_provincial_account_without_wards(db):
    call_command("add_user", "tinh2", "--role", "provincial", stdout=io.StringIO())
    assert User.objects.get(username="tinh2").is_mfa_required


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "mayor"], "Unknown role 'mayor'"),
        (["--role", "mentor", "--ward", "99999"], "Unknown ward code 99999"),
        (["--role", "mentor", "--ward", "abc"], "Unknown ward code 'abc'"),
        (["--role", "mentor"], "needs at least one --ward"),
    ],
)
def test_add_user_refuses_bad_input(wards, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("add_user", "x", *args, stdout=io.StringIO())
    assert not User.objects.filter(username="x").exists()


def test_add_user_exits_non_zero_with_one_line_for_an_unknown_role():
    """The real command line: exit status and a single line on stderr (no database needed;
    system checks skipped so that other apps' warnings do not mix in)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "add_user", "x", "--role", "mayor", "--skip-checks"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DEBUG": "1"},
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Unknown role" in lines[0]
