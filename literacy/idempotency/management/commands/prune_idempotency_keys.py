"""Delete the idempotency keys that have expired (the hourly Celery task does the same).

A key is kept IDEMPOTENCY_KEY_TTL_HOURS (24 h by default) so that a client retrying a request
gets its first answer; after that a retry with the same key is a new request, and the stored
answer (which may name a resident) should not be kept longer.

    python manage.py prune_idempotency_keys [--dry-run]
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from literacy.idempotency.services import idempotency_keys_prune


class Command(BaseCommand):
    help = "Delete expired idempotency keys."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count the expired keys, delete nothing"
        )

    def handle(self, *args, dry_run: bool = False, **options):
        count = idempotency_keys_prune(now=timezone.now(), dry_run=dry_run)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"Idempotency keys: {count} expired {verb}.")
