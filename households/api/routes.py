"""Register this app's API viewsets on the shared /api/v1/ router."""

from __future__ import annotations


def register(router) -> None:
    from .views import HouseholdViewSet, ResidentViewSet

    router.register("residents", ResidentViewSet, basename="resident")
    router.register("households", HouseholdViewSet, basename="household")
