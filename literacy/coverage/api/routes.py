"""Register this app's API viewsets on the shared /api/v1/ router."""

from __future__ import annotations


def register(router) -> None:
    from .views import CoverageViewSet

    router.register("coverage", CoverageViewSet, basename="coverage")
