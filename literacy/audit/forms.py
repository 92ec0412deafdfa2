"""Filters of the audit-log pages."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from literacy.areas.models import Ward
from literacy.date_fields import DayMonthYearField
from literacy.scoped_choices import scoped_choices

from .models import AuditAction
from .object_types import object_type_label
from .selectors import audit_object_types


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight starting ``day`` in the site's time zone (Vietnam's, where the dates are read)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditFilterForm(forms.Form):
    ward = forms.ModelChoiceField(
        label=_("Ward/commune"), queryset=Ward.objects.none(), required=False
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    date_from = DayMonthYearField(label=_("From"), required=False)
    date_to = DayMonthYearField(label=_("To"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = scoped_choices(Ward.objects.order_by("name"), user)
        self.fields["action"].choices = [("", _("All")), *AuditAction.choices]
        self.fields["object_type"].choices = [("", _("All"))] + [
            (object_type, object_type_label(object_type))
            for object_type in audit_object_types(user)
        ]

    def filter(self, events):
        """Narrow ``events`` (already scoped) by the valid filters."""
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data.get("ward"):
            events = events.filter(ward=data["ward"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("object_type"):
            events = events.filter(object_type=data["object_type"])
        # Ranges on ``at`` itself (not ``at__date``, a function of it) so an index can serve them.
        if data.get("date_from"):
            events = events.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
        return events
