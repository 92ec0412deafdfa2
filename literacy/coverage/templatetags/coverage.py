"""Formatting for the dashboards: shares as percentages, paces, the ISO day for charts."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def share(part, whole) -> str:
    """``part`` of ``whole`` as a percentage with one decimal ("—" when there is no whole)."""
    if not whole or part is None:
        return "—"
    return f"{number_format(100 * part / whole, 1)} %"


@register.filter
def ratio(part, whole) -> str:
    """The share as a plain number for sorting and charts (0–100, two decimals)."""
    if not whole or part is None:
        return "0"
    return f"{100 * part / whole:.2f}"


@register.filter
def weekly(value) -> str:
    """A pace (trained adults per week), rounded ("—" when unknown)."""
    if value is None:
        return "—"
    return number_format(round(value), 0, force_grouping=True)


@register.filter
def isoday(value) -> str:
    return value.isoformat() if value else ""


@register.filter
def minus(value, other) -> int:
    return (value or 0) - (other or 0)
