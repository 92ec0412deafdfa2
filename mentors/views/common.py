"""Helpers shared by the mentors pages: the ward of the URL, within the user's scope."""

from __future__ import annotations

from django.core.paginator import Page

from literacy import paging
from literacy.accounts.scope import get_manageable_or_404, get_visible_or_404
from literacy.areas.models import Ward

PAGE_SIZE = 50


def ward_visible(request, ward_pk: int) -> Ward:
    return get_visible_or_404(Ward.objects.all(), request.user, pk=ward_pk)


def ward_managed(request, ward_pk: int) -> Ward:
    return get_manageable_or_404(Ward.objects.all(), request.user, pk=ward_pk)


def can_manage_ward(user, ward: Ward) -> bool:
    return Ward.objects.manageable_by(user).filter(pk=ward.pk).exists()


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    """The requested page (bad or out-of-range numbers give the nearest page, never an error)."""
    return paging.paginate(request, queryset, per_page)
