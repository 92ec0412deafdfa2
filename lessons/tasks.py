"""Background work of the lessons app."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def residents_training_refresh_task() -> int:
    """Recompute everyone's trained flag after the core set of lessons changed."""
    from .services.training import residents_training_refresh

    return residents_training_refresh()
