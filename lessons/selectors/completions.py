"""Reads of completions for the API's list."""

from __future__ import annotations

from django.db.models import QuerySet

from households.models import Resident

from ..models import Completion


def completions_listed(user) -> QuerySet:
    """The completions the user may see, by resident, then the lesson's place in the course.

    Also bounded below by the first resident id in the user's scope. The bound removes no row
    (every resident in scope has an id at least that high); it tells the planner where a ward's
    residents begin. Without it, the planner takes a ward's residents for spread over the whole
    province's ids and walks every completion from the first resident's to find a ward's first
    page (3 s for the largest ward of the 3,000,000-resident demo, whose ids come late).
    """
    first = Resident.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)[:1]
    return (
        Completion.objects.visible_to(user)
        .filter(resident_id__gte=first)
        .select_related("resident", "lesson")
        .order_by("resident_id", "lesson__order", "lesson_id")
    )
