"""Fill the database with demo data for the default programme area.

Idempotent (safe to run twice); ``--seed`` makes the random parts deterministic and
``--residents`` sets the scale, ``--workers`` how many wards are written at a time on PostgreSQL.
Each feature adds its step to ``STEPS`` (a function in ``literacy/demo/<feature>.py`` taking
``rng``, ``residents``, ``stdout`` and ``workers``).
"""

from __future__ import annotations

import random

from django.core.management import call_command
from django.core.management.base import BaseCommand

from literacy.areas.models import Ward
from literacy.demo.areas import seed_hamlets
from literacy.demo.classes import seed_classes
from literacy.demo.households import seed_households
from literacy.demo.lessons import seed_lessons
from literacy.demo.mentors import seed_mentors
from literacy.demo.users import DEMO_PASSWORD, seed_users

#: Steps in order. Each is idempotent and prints one line.
STEPS = [seed_hamlets, seed_lessons, seed_households, seed_classes, seed_mentors]


class Command(BaseCommand):
    help = "Load demo data (hamlets, residents, lessons, classes, users) for the programme area."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (deterministic).")
        parser.add_argument(
            "--residents", type=int, default=2000, help="How many demo residents to generate."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Wards written at a time, each on its own connection (PostgreSQL only).",
        )

    def handle(self, *args, seed: int, residents: int, workers: int, **options):
        if not Ward.objects.exists():
            call_command("load_divisions", stdout=self.stdout)
        for step in STEPS:
            step(rng=random.Random(seed), residents=residents, stdout=self.stdout, workers=workers)
        users = seed_users()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, wards in users:
            self.stdout.write(f"  {username:<10} {role:<20} {wards}")
