"""CSV/XLSX exports of the filtered lists. Same scope and filters as the pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ..exports import export_response, household_columns, resident_columns
from ..permissions import roster_reader_required, shows_sensitive
from ..selectors import (
    filtered,
    household_filterset,
    identity_todo_residents,
    resident_filterset,
)
from .todo import hamlet_from_query


@roster_reader_required
def resident_export(request: HttpRequest, fmt: str) -> HttpResponse:
    queryset = filtered(resident_filterset(request=request))
    columns = resident_columns(sensitive=shows_sensitive(request.user))
    return export_response(fmt=fmt, stem="residents", columns=columns, queryset=queryset)


@roster_reader_required
def household_export(request: HttpRequest, fmt: str) -> HttpResponse:
    queryset = filtered(household_filterset(request=request))
    return export_response(
        fmt=fmt, stem="households", columns=household_columns(), queryset=queryset
    )


@roster_reader_required
def identity_todo_export(request: HttpRequest, fmt: str) -> HttpResponse:
    hamlet = hamlet_from_query(request)
    if hamlet is None:
        return redirect("households:identity_todo")
    queryset = identity_todo_residents(user=request.user, hamlet=hamlet).select_related(
        "ward", "household__hamlet"
    )
    columns = resident_columns(sensitive=shows_sensitive(request.user))
    return export_response(
        fmt=fmt, stem=f"digital-identity-{hamlet.pk}", columns=columns, queryset=queryset
    )
