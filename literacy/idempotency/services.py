"""Claim, answer, release and prune idempotency keys; the database decides who was first.

``idempotency_claim`` runs inside the caller's transaction, before the work: it inserts the key
with ``INSERT … ON CONFLICT DO NOTHING``. A concurrent request with the same key blocks on that
insert until the first transaction ends, then finds the committed row (with the first answer) and
replays it; if the first one failed, its row was rolled back or released and the waiting request
claims the key itself. Nobody ever sees a claimed key without its answer, so there is no
"in progress" state to clean up after a crash.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError, connection, transaction

from literacy.bulk_insert import insert_new_rows

from .models import IdempotencyKey

#: PostgreSQL's "lock_not_available": the wait for the first request ran out.
LOCK_NOT_AVAILABLE = "55P03"


class IdempotencyKeyBusy(Exception):
    """The first request with this key is still running after the wait allowed."""


@dataclass(frozen=True)
class Claim:
    """The key row, locked until the transaction ends; ``is_first``: this request does the work."""

    row: IdempotencyKey
    is_first: bool

    def matches(self, fingerprint: str) -> bool:
        return self.row.fingerprint == fingerprint


def key_is_valid(key: str) -> bool:
    """1 to 255 visible ASCII characters (a UUID, a random token…)."""
    return 0 < len(key) <= 255 and all("!" <= char <= "~" for char in key)


def idempotency_fingerprint(*, method: str, path: str, body: object) -> str:
    """SHA-256 of the request: the same key may only come back with the same request."""
    text = json.dumps([method, path, body], sort_keys=True, ensure_ascii=False, default=_describe)
    return hashlib.sha256(text.encode()).hexdigest()


def _describe(value: object) -> str:
    """Uploaded files by name and size (their content is not read twice); the rest as text."""
    if hasattr(value, "size") and hasattr(value, "name"):
        return f"file:{value.name}:{value.size}"
    return str(value)


@contextmanager
def _lock_wait(seconds: float) -> Iterator[None]:
    """Wait at most ``seconds`` for the first request (``lock_timeout``, this transaction only)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        (previous,) = cursor.fetchone()
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{int(seconds * 1000)}ms"])
    try:
        with transaction.atomic():  # a timeout rolls back to here, the caller's work is intact
            yield
    except OperationalError as error:
        if getattr(error.__cause__, "pgcode", None) == LOCK_NOT_AVAILABLE:
            raise IdempotencyKeyBusy from error
        raise
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])


def idempotency_claim(
    *, user, endpoint: str, key: str, fingerprint: str, now: datetime.datetime
) -> Claim:
    """Claim ``key`` for this request, or find the request that claimed it first.

    Call it inside ``transaction.atomic()`` and do the work in the same transaction: the row is
    locked until it ends. An expired key counts as unused. Raises ``IdempotencyKeyBusy`` when
    the first request holds the key longer than ``IDEMPOTENCY_WAIT_SECONDS``.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("idempotency_claim must run inside the transaction doing the work.")
    expires_at = now + datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    fresh = {"fingerprint": fingerprint, "created_at": now, "expires_at": expires_at}
    identity = {"user_id": user.pk, "endpoint": endpoint, "key": key}
    with _lock_wait(settings.IDEMPOTENCY_WAIT_SECONDS):
        # Twice at most: a row pruned between the insert and the read is claimed on the retry.
        for _attempt in range(2):
            row = IdempotencyKey(**identity, **fresh)
            written = insert_new_rows(IdempotencyKey, [row])
            if written:
                row.pk = written[0]["pk"]
                return Claim(row=row, is_first=True)
            existing = IdempotencyKey.objects.select_for_update().filter(**identity).first()
            if existing is not None:
                break
        else:
            raise IdempotencyKeyBusy
    if existing.expires_at <= now:
        unused = {**fresh, "response_status": None, "response_body": "", "response_location": ""}
        IdempotencyKey.objects.filter(pk=existing.pk).update(**unused)
        existing.refresh_from_db()
        return Claim(row=existing, is_first=True)
    return Claim(row=existing, is_first=False)


def idempotency_answer(*, claim: Claim, status: int, body: str = "", location: str = "") -> None:
    """Keep the first request's answer on its key, in the transaction that did the work."""
    IdempotencyKey.objects.filter(pk=claim.row.pk).update(
        response_status=status, response_body=body, response_location=location
    )


def idempotency_release(*, claim: Claim) -> None:
    """The request did not succeed (refused, invalid): free the key for a corrected retry."""
    IdempotencyKey.objects.filter(pk=claim.row.pk).delete()


def idempotency_keys_prune(*, now: datetime.datetime, dry_run: bool = False) -> int:
    """Delete the keys that expired by ``now``; return how many (would be) deleted.

    A key being claimed again at this moment is locked and no longer expired once the claim
    commits: the DELETE re-checks it and leaves it.
    """
    expired = IdempotencyKey.objects.filter(expires_at__lte=now)
    if dry_run:
        return expired.count()
    deleted, _by_model = expired.delete()
    return deleted
