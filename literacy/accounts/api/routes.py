"""Register this app's API viewsets on the shared /api/v1/ router."""

from __future__ import annotations


def register(router) -> None:
    """Add viewsets, e.g. router.register("things", ThingViewSet, basename="thing")."""
