"""Filters for the resident and household lists, shared by the pages, the exports and the API.

Every choice that names another object (ward, hamlet, household) is limited to what the user may
see (``ScopedFilterSet``), so a filter naming another ward's hamlet is invalid exactly like one
naming a hamlet that does not exist, rather than a way to probe it. The
ethnic-minority segment is offered only to users who manage the residents (see permissions).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from literacy.areas.models import Hamlet, Ward
from literacy.scoped_choices import (
    ScopedFilterSet,
    ScopedHamletChoiceFilter,
    ScopedModelChoiceFilter,
)
from literacy.text import fold

from .models import ADULT_AGE, Household, Resident, VneidLevel, years_ago
from .permissions import shows_sensitive

YES_NO = (("yes", _("Yes")), ("no", _("No")))

#: Segment choice → how to filter. "elderly" is derived from age (60+).
SEGMENTS = {
    "elderly": (_("Elderly (60+)"), None),
    "worker": (_("Worker"), "is_worker"),
    "small_trader": (_("Small trader"), "is_small_trader"),
    "farmer": (_("Farmer"), "is_farmer"),
    "disability": (_("Person with disability"), "has_disability"),
    "ethnic_minority": (_("Ethnic minority"), "is_ethnic_minority"),
}
SENSITIVE_SEGMENTS = {"ethnic_minority"}


def _user(request):
    return getattr(request, "user", None)


def _yes_no(queryset, lookup: Q, value: str):
    if value == "yes":
        return queryset.filter(lookup)
    if value == "no":
        return queryset.exclude(lookup)
    return queryset


class ResidentFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_q")
    ward = ScopedModelChoiceFilter(label=_("Ward/commune"), queryset=Ward.objects.all())
    hamlet = ScopedHamletChoiceFilter(
        label=_("Hamlet"),
        queryset=Hamlet.objects.select_related("ward"),
        field_name="household__hamlet",
    )
    household = ScopedModelChoiceFilter(
        label=_("Household"), queryset=Household.objects.all(), widget=forms.HiddenInput
    )
    segment = django_filters.ChoiceFilter(label=_("Segment"), choices=(), method="filter_segment")
    adult = django_filters.ChoiceFilter(
        label=_("Adult (16+)"), choices=YES_NO, method="filter_adult"
    )
    trained = django_filters.ChoiceFilter(
        label=_("Trained"), choices=YES_NO, method="filter_trained"
    )
    vneid_level = django_filters.ChoiceFilter(label=_("VNeID status"), choices=VneidLevel.choices)
    bank = django_filters.ChoiceFilter(
        label=_("Has a bank account"), choices=YES_NO, method="filter_bank"
    )

    class Meta:
        model = Resident
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sensitive = shows_sensitive(_user(self.request))
        segment = self.filters["segment"]
        segment.extra["choices"] = [
            (key, label)
            for key, (label, _field) in SEGMENTS.items()
            if sensitive or key not in SENSITIVE_SEGMENTS
        ]

    def filter_q(self, queryset, name, value: str):
        return queryset.search(value)

    def filter_segment(self, queryset, name, value: str):
        if value == "elderly":
            return queryset.elderly()
        field = SEGMENTS[value][1]
        return queryset.filter(**{field: True})

    def filter_adult(self, queryset, name, value: str):
        return _yes_no(queryset, Q(date_of_birth__lte=years_ago(ADULT_AGE)), value)

    def filter_trained(self, queryset, name, value: str):
        return _yes_no(queryset, Q(is_trained=True), value)

    def filter_bank(self, queryset, name, value: str):
        return _yes_no(queryset, Q(has_bank_account=True), value)


class HouseholdFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Code, address or head"), method="filter_q")
    ward = ScopedModelChoiceFilter(label=_("Ward/commune"), queryset=Ward.objects.all())
    hamlet = ScopedHamletChoiceFilter(
        label=_("Hamlet"), queryset=Hamlet.objects.select_related("ward")
    )
    digital_family = django_filters.ChoiceFilter(
        label=_("Digital Family"), choices=YES_NO, method="filter_digital_family"
    )

    class Meta:
        model = Household
        fields: list[str] = []

    def filter_q(self, queryset, name, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value)
            | Q(address__icontains=value)
            | Q(head__name_folded__contains=fold(value))
        )

    def filter_digital_family(self, queryset, name, value: str):
        return _yes_no(queryset, Q(is_digital_family=True), value)
