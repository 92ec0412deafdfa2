"""The one scope mechanism: every read of programme data starts with ``visible_to(user)``.

Each programme model's queryset subclasses :class:`ScopedQuerySet` and names the path from the
model to its ward (``ward_path``). Provincial staff see the whole programme area, ward officials
their wards; mentors and team leads see what the model's ``for_mentor``/``for_team_lead`` grant
(nothing by default). ``manageable_by(user)`` is the narrower set a user may change.
Objects outside scope answer 404, so existence does not leak.

Mentees: a model about a resident's progress names the path to that resident (``mentee_path``);
mentors then see it for their own active mentees and team leads for their team's, only while
the assignment lasts. That rule is written once, here (:func:`mentee_ids`); the mentors app's
own models declare their ``for_mentor``/``for_team_lead``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.http import Http404

from .roles import Role

if TYPE_CHECKING:
    from .models import User


def is_active_user(user: User | None) -> bool:
    """Signed in with an active account: the precondition of every scope."""
    return user is not None and user.is_authenticated and user.is_active


#: Where :func:`user_ward_ids` keeps a user's ward ids for the rest of the request.
WARD_IDS_CACHE = "_scope_ward_ids"


def user_ward_ids(user: User) -> list[int]:
    """The ids of the wards a ward official serves, as a constant list.

    One query per request (kept on the user object, which lives as long as the request; a change
    to the user's wards forgets it, see ``accounts.signals``). A constant ``ward_id IN (…)``,
    unlike a subquery, lets the planner walk a ``(ward, …)`` index in the list's order and stop
    after one page.
    """
    ward_ids = getattr(user, WARD_IDS_CACHE, None)
    if ward_ids is None:
        through = user.wards.through.objects.filter(user_id=user.pk)
        ward_ids = sorted(through.values_list("ward_id", flat=True))
        setattr(user, WARD_IDS_CACHE, ward_ids)
    return ward_ids


def remember_ward_ids(user: User, ward_ids) -> None:
    """Keep ward ids read along with something else (one query fewer for the request)."""
    setattr(user, WARD_IDS_CACHE, sorted(ward_ids))


def forget_ward_ids(user: User) -> None:
    """Drop the cached ward ids (the user's wards changed)."""
    user.__dict__.pop(WARD_IDS_CACHE, None)


def mentee_ids(*, mentor: User | None = None, team_lead: User | None = None) -> models.QuerySet:
    """The residents a mentor (or a team lead's team) guides now, as a subquery.

    Looked up by name so that this module imports no app (the mentors app depends on the
    others, not the other way round).
    """
    assignments = apps.get_model("mentors", "Assignment").objects.filter(ends_at__isnull=True)
    if mentor is not None:
        assignments = assignments.filter(mentor__user=mentor)
    else:
        assignments = assignments.filter(mentor__team__lead=team_lead)
    return assignments.values("mentee_id")


class ScopedQuerySet(models.QuerySet):
    #: Lookup path from this model to ``areas.Ward`` ("" when the model *is* the ward).
    ward_path: str = "ward"
    #: Lookup path from this model to the resident whose progress it is ("" when the model *is*
    #: the resident); ``None``: mentors and team leads see nothing of it through their mentees.
    mentee_path: str | None = None

    def _ward_lookup(self) -> str:
        return f"{self.ward_path}__in" if self.ward_path else "pk__in"

    def in_wards(self, ward_ids: Any) -> ScopedQuerySet:
        return self.filter(**{self._ward_lookup(): ward_ids})

    def visible_to(self, user: User | None) -> ScopedQuerySet:
        """Return the objects the user may see."""
        if not is_active_user(user):
            return self.none()
        if user.is_superuser or user.role == Role.PROVINCIAL:
            return self.all()
        if user.role == Role.WARD_OFFICIAL:
            return self.in_wards(user_ward_ids(user))
        if user.role == Role.TEAM_LEAD:
            return self.for_team_lead(user)
        if user.role == Role.MENTOR:
            return self.for_mentor(user)
        return self.none()

    def manageable_by(self, user: User | None) -> ScopedQuerySet:
        """Return the objects the user may change (ward officials in their wards by default)."""
        if not is_active_user(user):
            return self.none()
        if user.role == Role.WARD_OFFICIAL:
            return self.in_wards(user_ward_ids(user))
        if user.is_superuser:
            return self.all()
        return self.none()

    def _of_mentees(self, mentees: models.QuerySet) -> ScopedQuerySet:
        if self.mentee_path is None:
            return self.none()
        lookup = f"{self.mentee_path}__in" if self.mentee_path else "pk__in"
        return self.filter(**{lookup: mentees})

    def for_mentor(self, user: User) -> ScopedQuerySet:
        """A mentor's own active mentees (and their progress)."""
        return self._of_mentees(mentee_ids(mentor=user))

    def for_team_lead(self, user: User) -> ScopedQuerySet:
        """The active mentees of the team lead's team (and their progress)."""
        return self._of_mentees(mentee_ids(team_lead=user))


def _get_or_404(scoped: ScopedQuerySet, lookup: dict) -> Any:
    try:
        return scoped.get(**lookup)
    except (scoped.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_visible_or_404(queryset: ScopedQuerySet, user: User, **lookup: Any) -> Any:
    """Fetch one object the user may see, or raise 404 (never 403: existence must not leak)."""
    return _get_or_404(queryset.visible_to(user), lookup)


def get_manageable_or_404(queryset: ScopedQuerySet, user: User, **lookup: Any) -> Any:
    """Fetch one object the user may change, or raise 404."""
    return _get_or_404(queryset.manageable_by(user), lookup)
