"""The programme's to-do lists: households not yet a Digital Family, and the per-hamlet
digital-identity list (adults without VNeID level 2 or a bank account), printable for visits."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from literacy.accounts.scope import get_visible_or_404
from literacy.areas.models import Hamlet

from ..permissions import roster_reader_required
from ..selectors import (
    family_todo_households,
    family_todo_size,
    family_todo_summary,
    identity_todo_residents,
    identity_todo_size,
    identity_todo_summary,
)
from .common import PAGE_SIZE, paginate, query_without_page

#: Pages of 50, as the other roster lists: a list walked on a phone or a tablet during visits
#: (the whole hamlet's identity list prints on one page).
FAMILY_PAGE_SIZE = PAGE_SIZE
IDENTITY_PAGE_SIZE = PAGE_SIZE
#: A to-do list is counted exactly up to 20 pages; beyond, its pages say "about" the roll-up's
#: latest figure (what is left to do changes by the minute anyway, and counting a ward's
#: thousands of households costs more than showing them).
TODO_EXACT_COUNT_LIMIT = 1_000


def hamlet_from_query(request: HttpRequest) -> Hamlet | None:
    """The ``?hamlet=`` the user asked for, which must be one they may see (else 404)."""
    value = request.GET.get("hamlet", "")
    if not value:
        return None
    queryset = Hamlet.objects.select_related("ward")
    return get_visible_or_404(queryset, request.user, pk=value)


@roster_reader_required
def family_todo(request: HttpRequest) -> HttpResponse:
    hamlet = hamlet_from_query(request)
    households = family_todo_households(user=request.user, hamlet=hamlet)
    summary = None if hamlet else family_todo_summary(user=request.user)
    page = paginate(
        request,
        households,
        FAMILY_PAGE_SIZE,
        exact_limit=TODO_EXACT_COUNT_LIMIT,
        estimate=lambda: family_todo_size(user=request.user, hamlet=hamlet, summary=summary),
    )
    return render(
        request,
        "households/todo_family.html",
        {"hamlet": hamlet, "page": page, "summary": summary, "query": query_without_page(request)},
    )


@roster_reader_required
def identity_todo(request: HttpRequest) -> HttpResponse:
    hamlet = hamlet_from_query(request)
    if hamlet is None:
        return render(
            request,
            "households/todo_identity_summary.html",
            {"hamlets": identity_todo_summary(user=request.user)},
        )
    residents = identity_todo_residents(user=request.user, hamlet=hamlet)
    printing = request.GET.get("print") == "1"
    page = None
    if not printing:
        page = paginate(
            request,
            residents,
            IDENTITY_PAGE_SIZE,
            exact_limit=TODO_EXACT_COUNT_LIMIT,
            estimate=lambda: identity_todo_size(user=request.user, hamlet=hamlet),
        )
    return render(
        request,
        "households/todo_identity.html",
        {
            "hamlet": hamlet,
            # On screen a page at a time; the print view has the whole list (slower, on purpose).
            "printing": printing,
            "residents": residents if printing else page,
            "page": page,
            "query": query_without_page(request),
        },
    )
