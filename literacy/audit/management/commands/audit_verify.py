"""Verify the audit log's hash chain and name the first broken row.

    python manage.py audit_verify [--anchor POSITION:HASH] [--batch-size 50000]

Why: the portal's role cannot change the log, but its owner or a superuser can; the chain shows
it (``literacy/audit/chain.py``). Prints the chain's head (position and hash: keep it elsewhere
and pass it back as ``--anchor`` to catch rows cut from the end or a rebuilt chain) and exits
with status 1 on a break, so cron or CI can act on it. The nightly Celery task runs the same
check.
"""

from __future__ import annotations

import re

from django.core.management.base import BaseCommand, CommandError

from literacy.audit.chain import BATCH_SIZE, audit_chain_verify

ANCHOR = re.compile(r"^(\d+):([0-9a-fA-F]{64})$")


def _anchor(value: str) -> tuple[int, str]:
    match = ANCHOR.match(value.strip())
    if not match:
        raise CommandError(
            f"--anchor {value!r}: expected POSITION:HASH, a chain position and the 64 hex "
            "digits of its hash, as audit_verify printed them."
        )
    return int(match[1]), match[2]


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; name the first broken row."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor", help="POSITION:HASH printed by an earlier run, to check it still holds."
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, anchor: str | None, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        report = audit_chain_verify(
            batch_size=batch_size, anchor=_anchor(anchor) if anchor else None
        )
        if not report.ok:
            raise CommandError(report.message)
        self.stdout.write(report.message)
        if report.rows:
            self.stdout.write(f"Anchor: {report.head_position}:{report.head_hash}")
