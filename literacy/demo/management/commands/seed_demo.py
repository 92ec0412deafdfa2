"""Fill the database with demo data for the default programme area.

Idempotent (safe to run twice); ``--seed`` makes the random parts deterministic. Each feature
adds its step to ``STEPS`` below.
"""

from __future__ import annotations

import random

from django.core.management import call_command
from django.core.management.base import BaseCommand

from literacy.areas.models import Ward
from literacy.demo.areas import seed_hamlets
from literacy.demo.users import DEMO_PASSWORD, seed_users


class Command(BaseCommand):
    help = "Load demo data (hamlets, users, …) for the default programme area."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (deterministic).")
        parser.add_argument(
            "--residents", type=int, default=2000, help="How many demo residents to generate."
        )

    def handle(self, *args, seed: int, residents: int, **options):
        rng = random.Random(seed)
        if not Ward.objects.exists():
            call_command("load_divisions", stdout=self.stdout)
        created = seed_hamlets(rng=rng)
        self.stdout.write(f"Hamlets: {created} created.")
        users = seed_users()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, wards in users:
            self.stdout.write(f"  {username:<10} {role:<20} {wards}")
