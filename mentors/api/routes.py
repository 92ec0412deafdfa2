"""Register this app's API viewsets on the shared /api/v1/ router."""

from __future__ import annotations


def register(router) -> None:
    from .assignments import AssignmentViewSet
    from .mentors import MentorViewSet, TeamViewSet
    from .ticks import TickViewSet

    router.register("mentors", MentorViewSet, basename="mentor")
    router.register("teams", TeamViewSet, basename="team")
    router.register("assignments", AssignmentViewSet, basename="assignment")
    router.register("ticks", TickViewSet, basename="tick")
