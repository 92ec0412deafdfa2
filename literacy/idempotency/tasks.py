"""Background work of idempotency keys."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


# A database that is briefly unreachable is worth a few retries; the next hour's run heals the rest.
@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def idempotency_keys_prune_task() -> int:
    """Delete expired idempotency keys (hourly, see CELERY_BEAT_SCHEDULE)."""
    from django.utils import timezone

    from .services import idempotency_keys_prune

    return idempotency_keys_prune(now=timezone.now())
