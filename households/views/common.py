"""Small helpers shared by the roster views."""

from __future__ import annotations

from django.core.paginator import Page

from literacy import paging
from literacy.areas.models import Ward

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE, **options) -> Page:
    """The requested page of a roster list (50 rows unless said otherwise); ``options`` as
    :func:`literacy.paging.paginate` takes them."""
    return paging.paginate(request, queryset, per_page, **options)


def query_without_page(request) -> str:
    """The current query string minus ``page``, for paging and export links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def sees_several_wards(user) -> bool:
    """Household codes repeat across wards: a list names the ward (and offers a ward filter)
    when the user sees more than one."""
    return Ward.objects.visible_to(user)[:2].count() > 1
