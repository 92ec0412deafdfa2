"""What each ``AuditEvent.object_type`` is called on screen (the stored codes stay English).

The codes are written by many apps; a code with no label here shows as itself, so a new app
never breaks the log, it only shows its code until a label is added.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

OBJECT_TYPE_LABELS = {
    "audit_export": _("audit log export"),
    "class": _("class"),
    "completion": _("lesson completion"),
    "demo_classes": _("demo classes"),
    "hamlet": _("hamlet"),
    "household": _("household"),
    "lesson": _("lesson"),
    "resident": _("resident"),
    "user": _("account"),
}


def object_type_label(code: str) -> str:
    """The object type as people read it, in the current language."""
    label = OBJECT_TYPE_LABELS.get(code)
    return str(label) if label is not None else code
