"""Filters of the class list: the class pages and /api/v1/classes/ share them.

Ward and hamlet choices come from the user's scope (``ScopedFilterSet``): another ward's hamlet
is as unknown as one that does not exist.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from literacy.areas.models import Hamlet, Ward
from literacy.scoped_choices import ScopedFilterSet, ScopedModelChoiceFilter

from .models import ClassSession


class ClassSessionFilter(ScopedFilterSet):
    ward = ScopedModelChoiceFilter(label=_("Ward/commune"), queryset=Ward.objects.all())
    hamlet = ScopedModelChoiceFilter(label=_("Hamlet"), queryset=Hamlet.objects.all())
    date_from = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte")

    class Meta:
        model = ClassSession
        fields: list[str] = []
