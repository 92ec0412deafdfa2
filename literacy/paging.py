"""Paging that never counts a whole province: the one paginator of every list page and the API.

Counting every matching row for each page of 50 costs seconds at 3 million residents. The count is
exact while it is small: ``COUNT(*)`` over the first ``PAGING_EXACT_COUNT_LIMIT + 1`` rows (the
planner stops there). Beyond that the page shows the planner's estimate of the total and says it
is one ("about 1.2 million"), so the first pages stay as fast as a small ward's. Exports do not
page: they stream every row (``literacy.spreadsheets``).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

#: Counted exactly up to this many rows (a setting, so that tests can lower it).
DEFAULT_EXACT_COUNT_LIMIT = 10_000


def exact_count_limit() -> int:
    return getattr(settings, "PAGING_EXACT_COUNT_LIMIT", DEFAULT_EXACT_COUNT_LIMIT)


def estimated_count(queryset: QuerySet) -> int:
    """The planner's estimate of the rows ``queryset`` returns (``EXPLAIN``, nothing is read)."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedPage(Page):
    """A page of a list whose total is only estimated: whether a next page exists is known from
    the page itself (one row more is read), not from the estimate."""

    def __init__(self, rows: list, number: int, paginator: CappedPaginator, *, has_more: bool):
        super().__init__(rows, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more


class CappedPaginator(Paginator):
    """A Django paginator whose ``count`` is exact when small, else an estimate
    (``is_estimate``). Paging is by offset: the first pages cost the same whatever the size.
    With an estimate, every page number is open (the estimate may be low) and "next" is known
    from the page itself."""

    is_estimate = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return len(queryset)
        limit = exact_count_limit()
        if queryset._result_cache is not None:  # already read: count what was read
            exact = len(queryset[: limit + 1])
        else:
            # Unordered: any limit + 1 rows tell whether there are more, and the planner need
            # not sort (or join for the sort) every row in scope to find the first ones.
            exact = queryset.order_by()[: limit + 1].count()
        if exact <= limit:
            return exact
        self.is_estimate = True
        # Never fewer than were counted: the estimate only says how many more there are.
        return max(estimated_count(queryset), exact)

    def validate_number(self, number) -> int:
        if self.count and self.is_estimate:
            try:
                number = int(number)
            except (TypeError, ValueError) as exc:
                raise PageNotAnInteger(_("That page number is not an integer")) from exc
            if number < 1:
                raise EmptyPage(_("That page number is less than 1"))
            return number
        return super().validate_number(number)

    def get_page(self, number) -> Page:
        if not (self.count and self.is_estimate):
            return super().get_page(number)
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):  # not a number, or past the end: the first page
            return self.page(1)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not self.is_estimate:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return EstimatedPage(
            rows[: self.per_page], number, self, has_more=len(rows) > self.per_page
        )

    @property
    def rounded_count(self) -> int:
        """The count to two significant digits (what an estimate is worth saying)."""
        count = self.count
        digits = len(str(count))
        if digits <= 2:
            return count
        unit = 10 ** (digits - 2)
        return round(count / unit) * unit


def paginate(request, queryset, per_page: int) -> Page:
    """The requested page (bad or out-of-range numbers give the nearest page, never an error)."""
    return CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))


class CappedPageNumberPagination(PageNumberPagination):
    """The API's pages: ``count`` is exact when small, else the estimate, and
    ``count_is_estimate`` says which."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data) -> Response:
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_is_estimate": paginator.is_estimate,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_is_estimate"] = {
            "type": "boolean",
            "description": "The count is the database's estimate (the list is large).",
        }
        paginated["required"] = [*paginated.get("required", []), "count_is_estimate"]
        return paginated
