"""``{{ event.object_type|object_type_label }}`` on the audit pages."""

from __future__ import annotations

from django import template

from literacy.audit.object_types import object_type_label as _label

register = template.Library()


@register.filter
def object_type_label(code: str) -> str:
    return _label(code)
