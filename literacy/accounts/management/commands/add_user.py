"""Provision an account from the command line.

    python manage.py add_user USERNAME --role {provincial,ward_official,team_lead,mentor}
        [--ward CODE ...] [--email ADDRESS] [--password-stdin]

Why: the first provincial account (and scripted roll-outs) cannot be made in the browser, where
only the people above an account create it. An unknown role or ward code stops the command with
one line and a non-zero exit status. Without ``--password-stdin`` the account has no usable
password until the person uses "Forgot password?".
"""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from literacy.accounts.roles import Role
from literacy.accounts.services import user_create
from literacy.areas.models import Ward


def _one_line(error: ValidationError) -> str:
    return " ".join(" ".join(error.messages).split())


class Command(BaseCommand):
    help = "Create an account with a role and, for ward-level roles, its wards."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=f"One of: {', '.join(Role.values)}.")
        parser.add_argument(
            "--ward",
            dest="wards",
            action="extend",
            nargs="+",
            default=[],
            metavar="CODE",
            help="Official ward/commune code (repeatable).",
        )
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input."
        )

    def handle(self, *args, username: str, role: str, wards: list[str], email: str, **options):
        if role not in Role.values:
            raise CommandError(f"Unknown role {role!r}: use one of {', '.join(Role.values)}.")
        codes = []
        for code in wards:
            if not str(code).isdigit():
                raise CommandError(f"Unknown ward code {code!r}.")
            codes.append(int(code))
        found = {w.code: w for w in Ward.objects.filter(code__in=codes)}
        unknown = [str(c) for c in codes if c not in found]
        if unknown:
            raise CommandError(f"Unknown ward code {', '.join(unknown)}.")
        if role != Role.PROVINCIAL and not codes:
            raise CommandError(f"The role {role} needs at least one --ward CODE.")
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise CommandError(f"An account named {username!r} already exists.")

        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("No password on standard input.")
            try:
                validate_password(password, get_user_model()(username=username, email=email))
            except ValidationError as error:
                raise CommandError(f"Password refused: {_one_line(error)}") from error
        try:
            user = user_create(
                by=None,
                username=username,
                role=role,
                wards=[found[c] for c in codes],
                email=email,
                password=password,
            )
        except ValidationError as error:
            raise CommandError(_one_line(error)) from error
        self.stdout.write(f"Created {user.username} ({Role(role).label}).")
        if not password:
            self.stdout.write("No password set: use --password-stdin, or “Forgot password?”.")
