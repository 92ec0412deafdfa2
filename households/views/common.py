"""Small helpers shared by the roster views."""

from __future__ import annotations

from django.core.paginator import Page

from literacy import paging

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, ids_first: bool = False) -> Page:
    """The requested page (bad or out-of-range numbers give the nearest page, never an error)."""
    return paging.paginate(request, queryset, per_page, ids_first=ids_first)


def query_without_page(request) -> str:
    """The current query string minus ``page``, for paging and export links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
