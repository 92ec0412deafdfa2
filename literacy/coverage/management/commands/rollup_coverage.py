"""Roll the programme's figures up: what changed since the last run, or everything.

The same runs as the Celery beat (``coverage_incremental_task`` every minute, the nightly full
run), for a server without a worker, after a bulk load, or to fill in the trend of the days
before the portal counted (``--history``). Idempotent: run it twice and nothing changes.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from literacy.areas.models import Ward
from literacy.coverage.rollup.runs import (
    coverage_rollup_full,
    coverage_rollup_history,
    coverage_rollup_incremental,
    coverage_rollup_ward,
)


class Command(BaseCommand):
    help = "Roll up the coverage figures (incremental by default; --full recounts everything)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="Recount every ward from the raw tables."
        )
        parser.add_argument(
            "--ward", type=int, metavar="CODE", help="Recount only this ward (official code)."
        )
        parser.add_argument(
            "--history",
            type=int,
            default=0,
            metavar="DAYS",
            help="Also reconstruct the DAYS days before today that have no figures yet.",
        )

    def handle(self, *args, full: bool, ward: int | None, history: int, **options):
        now = timezone.now()
        if ward is not None:
            found = Ward.objects.filter(code=ward).first()
            if found is None:
                raise CommandError(f"No ward with code {ward}.")
            coverage_rollup_ward(ward_id=found.pk, now=now)
            self.stdout.write(f"Ward {found.code} {found.name}: recounted.")
        elif full:
            result = coverage_rollup_full(now=now)
            self.stdout.write(f"Full run: {len(result.rebuilt_wards)} wards recounted.")
        else:
            result = coverage_rollup_incremental(now=now)
            if not result.ran:
                self.stdout.write("Another run is in progress; nothing done.")
            else:
                self.stdout.write(
                    f"Incremental run: {result.changed} changed, "
                    f"{len(result.rebuilt_wards)} wards recounted, "
                    f"{len(result.recounted_wards)} wards counted for the new day."
                )
        if history:
            filled = coverage_rollup_history(days=history, now=now)
            self.stdout.write(f"History: {len(filled)} days reconstructed.")
