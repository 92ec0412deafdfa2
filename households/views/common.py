"""Small helpers shared by the roster views."""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Page
from django.db.models import QuerySet

from literacy import paging

PAGE_SIZE = 50


def paginate(
    request,
    queryset,
    per_page: int = PAGE_SIZE,
    *,
    ids_first: bool = False,
    exact_limit: int | None = None,
    estimate: Callable[[], int | None] | None = None,
    ids: Callable[[int, int], list] | None = None,
    counted: QuerySet | None = None,
) -> Page:
    """The requested page (bad or out-of-range numbers give the nearest page, never an error)."""
    return paging.paginate(
        request,
        queryset,
        per_page,
        ids_first=ids_first,
        exact_limit=exact_limit,
        estimate=estimate,
        ids=ids,
        counted=counted,
    )


def query_without_page(request) -> str:
    """The current query string minus ``page``, for paging and export links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
