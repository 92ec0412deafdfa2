"""Filters of the audit-log pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from literacy.areas.models import Ward

from .models import AuditAction, AuditEvent


class AuditFilterForm(forms.Form):
    ward = forms.ModelChoiceField(
        label=_("Ward/commune"), queryset=Ward.objects.none(), required=False
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Ward.objects.visible_to(user).order_by("name")
        self.fields["action"].choices = [("", _("All")), *AuditAction.choices]
        types = (
            AuditEvent.objects.visible_to(user)
            .order_by("object_type")
            .values_list("object_type", flat=True)
            .distinct()
        )
        self.fields["object_type"].choices = [("", _("All"))] + [(t, t) for t in types]

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
        if data.get("date_from"):
            events = events.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(at__date__lte=data["date_to"])
        return events
