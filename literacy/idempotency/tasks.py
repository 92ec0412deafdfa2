"""Background work of idempotency keys."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def idempotency_keys_prune_task() -> int:
    """Delete expired idempotency keys (hourly, see CELERY_BEAT_SCHEDULE)."""
    from django.utils import timezone

    from .services import idempotency_keys_prune

    return idempotency_keys_prune(now=timezone.now())
