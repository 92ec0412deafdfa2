"""The areas a dashboard, an export or the API is about, named by a short code.

* ``all`` — the whole programme area (provincial staff only);
* a ward's official code, e.g. ``25747``;
* ``h`` and a hamlet's id, e.g. ``h12``;
* ``u`` and a ward's code, e.g. ``u25747``: the ward's residents not yet in a household.

:func:`area_for` resolves a code for a user through the one scope mechanism: an area outside
their scope answers 404, like any object.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from literacy.accounts.scope import get_visible_or_404
from literacy.areas.models import Hamlet, Ward
from literacy.ids import is_plain_number

from .models import AreaKind
from .permissions import can_see_programme

PROGRAMME_CODE = "all"


@dataclass(frozen=True)
class Area:
    kind: int
    area_id: int
    ward: Ward | None = None
    hamlet: Hamlet | None = None

    @property
    def code(self) -> str:
        if self.kind == AreaKind.PROGRAMME:
            return PROGRAMME_CODE
        if self.kind == AreaKind.WARD:
            return str(self.ward.code)
        if self.kind == AreaKind.HAMLET:
            return f"h{self.hamlet.pk}"
        return f"u{self.ward.code}"

    @property
    def name(self) -> str:
        if self.kind == AreaKind.PROGRAMME:
            return _("Programme area")
        if self.kind == AreaKind.WARD:
            return self.ward.name
        if self.kind == AreaKind.HAMLET:
            return self.hamlet.name
        return _("Not in a household yet")

    @property
    def url(self) -> str:
        if self.kind == AreaKind.PROGRAMME:
            return reverse("coverage:programme")
        return reverse("coverage:area", kwargs={"code": self.code})

    @property
    def parent(self) -> Area | None:
        """The area this one is part of (for the breadcrumb)."""
        if self.kind == AreaKind.PROGRAMME:
            return None
        if self.kind == AreaKind.WARD:
            return programme_area()
        return ward_area(self.ward)

    @property
    def has_people_lists(self) -> bool:
        return self.kind != AreaKind.PROGRAMME


def programme_area() -> Area:
    return Area(AreaKind.PROGRAMME, 0)


def ward_area(ward: Ward) -> Area:
    return Area(AreaKind.WARD, ward.pk, ward=ward)


def hamlet_area(hamlet: Hamlet) -> Area:
    return Area(AreaKind.HAMLET, hamlet.pk, ward=hamlet.ward, hamlet=hamlet)


def unplaced_area(ward: Ward) -> Area:
    return Area(AreaKind.UNPLACED, ward.pk, ward=ward)


def visible_ward(user, code) -> Ward:
    return get_visible_or_404(Ward.objects.all(), user, code=code)


def visible_hamlet(user, pk) -> Hamlet:
    return get_visible_or_404(Hamlet.objects.select_related("ward"), user, pk=pk)


def is_area_code(code: str) -> bool:
    """Is this shaped like an area code (whether or not such an area exists)?"""
    code = (code or "").strip().lower()
    return (
        code == PROGRAMME_CODE
        or is_plain_number(code)
        or (code[:1] in ("h", "u") and is_plain_number(code[1:]))
    )


def area_for(user, code: str) -> Area:
    """The area a code names, if the user may see it (else 404)."""
    code = (code or "").strip().lower()
    if code == PROGRAMME_CODE:
        if not can_see_programme(user):
            raise Http404
        return programme_area()
    if code.startswith("h") and is_plain_number(code[1:]):
        return hamlet_area(visible_hamlet(user, int(code[1:])))
    if code.startswith("u") and is_plain_number(code[1:]):
        return unplaced_area(visible_ward(user, int(code[1:])))
    if is_plain_number(code):
        return ward_area(visible_ward(user, int(code)))
    raise Http404
