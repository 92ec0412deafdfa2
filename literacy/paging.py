"""Paging that never counts a whole province: the one paginator of every list page and the API.

Counting every matching row for each page of 50 costs seconds at 3 million residents. The count is
exact while it is small: ``COUNT(*)`` over the first ``PAGING_EXACT_COUNT_LIMIT + 1`` rows (the
planner stops there). Beyond that the page shows the planner's estimate of the total and says it
is one ("about 1.2 million"), so the first pages stay as fast as a small ward's. Exports do not
page: they stream every row (``literacy.spreadsheets``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial

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


def countable(queryset: QuerySet) -> QuerySet:
    """The same rows reduced to their ids, unordered: what counting them needs.

    The page's order, its annotations (member counts, badges) and the rows it joins for
    display cost a sort and a subquery per row, for nothing a count can see: any
    ``limit + 1`` rows of the list count the same. Grouped, distinct, combined and ``values()``
    lists are counted as they are (dropping their columns could change how many rows there are).
    """
    query = queryset.query
    if (
        queryset._fields is not None  # a values() list
        or query.distinct
        or query.combinator
        or query.group_by is not None
        or any(
            getattr(annotation, "contains_aggregate", False)
            for annotation in query.annotations.values()
        )
    ):
        return queryset
    return queryset.order_by().values("pk")


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

    def __init__(
        self,
        object_list,
        per_page,
        *args,
        ids_first: bool = False,
        exact_limit: int | None = None,
        estimate: Callable[[], int | None] | None = None,
        ids: Callable[[int, int], list] | None = None,
        counted: QuerySet | None = None,
        rows_by_id: QuerySet | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.ids_first = ids_first and isinstance(object_list, QuerySet)
        #: Where the ids of rows ``bottom`` to ``top`` are read by queries of their own, shaped
        #: so that the database reads them in order faster than the list's (the name search).
        self.ids = ids if self.ids_first else None
        #: A list may count exactly only up to fewer rows than the setting (never more).
        self.exact_limit = exact_limit
        #: Where the list's size is known better than the planner can guess it (a figure of the
        #: coverage roll-up): asked only once the exact count stops; ``None`` from it: the planner.
        self.estimate = estimate
        #: The same rows in a shape the database counts faster (the name search's two parts).
        self.counted = counted
        #: With ``ids_first``: the same rows in a shape the database finds faster by id (see
        #: ``accounts_listed_by_id``); by default the list itself, unordered.
        self.rows_by_id = rows_by_id

    def rows(self, bottom: int, top: int) -> list:
        """Rows ``bottom`` to ``top`` of the list. With ``ids_first``, their ids are read first
        (two queries): the database can then walk the ordering index alone, testing a filter on
        indexed columns (a name search) on the index entries instead of reading every row it
        rejects; the page's rows are read after, by id."""
        if not self.ids_first:
            return list(self.object_list[bottom:top])
        if self.ids is not None:
            ids = self.ids(bottom, top)
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        source = self.object_list if self.rows_by_id is None else self.rows_by_id
        found = source.order_by().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return len(queryset)
        limit = exact_count_limit()
        if self.exact_limit is not None:
            limit = min(limit, self.exact_limit)
        if queryset._result_cache is not None:  # already read: count the rows in hand
            exact = len(queryset[: limit + 1])
        else:
            queryset = countable(queryset if self.counted is None else self.counted)
            exact = queryset[: limit + 1].count()
        if exact <= limit:
            return exact
        self.is_estimate = True
        known = self.estimate() if self.estimate is not None else None
        # Never fewer than were counted: the estimate only says how many more there are.
        return max(estimated_count(queryset) if known is None else known, exact)

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
        bottom = (number - 1) * self.per_page
        if not self.is_estimate:
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return self._get_page(self.rows(bottom, top), number, self)
        rows = self.rows(bottom, bottom + self.per_page + 1)
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


def paginate(
    request,
    queryset,
    per_page: int,
    *,
    ids_first: bool = False,
    exact_limit: int | None = None,
    estimate: Callable[[], int | None] | None = None,
    ids: Callable[[int, int], list] | None = None,
    counted: QuerySet | None = None,
    rows_by_id: QuerySet | None = None,
) -> Page:
    """The requested page (bad or out-of-range numbers give the nearest page, never an error).
    ``ids_first``: see :meth:`CappedPaginator.rows`; ``exact_limit``: count exactly only up to
    this many rows (a list whose exact total matters less than its first pages); ``estimate``:
    the total beyond it, when known better than the planner's guess; ``ids`` (with
    ``ids_first``): reads the ids of rows ``bottom`` to ``top``; ``counted``: the same rows, to
    count; ``rows_by_id`` (with ``ids_first``): the same rows, to read the page's by id."""
    paginator = CappedPaginator(
        queryset,
        per_page,
        ids_first=ids_first,
        exact_limit=exact_limit,
        estimate=estimate,
        ids=ids,
        counted=counted,
        rows_by_id=rows_by_id,
    )
    return paginator.get_page(request.GET.get("page"))


class CappedPageNumberPagination(PageNumberPagination):
    """The API's pages: ``count`` is exact when small, else the estimate, and
    ``count_is_estimate`` says which."""

    django_paginator_class = CappedPaginator

    def paginate_queryset(self, queryset, request, view=None):
        """A view may count exactly only up to fewer rows (``exact_count_limit``): a list
        whose every row is reached through a join counts slowly."""
        limit = getattr(view, "exact_count_limit", None)
        if limit is not None:
            self.django_paginator_class = partial(CappedPaginator, exact_limit=limit)
        return super().paginate_queryset(queryset, request, view)

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
