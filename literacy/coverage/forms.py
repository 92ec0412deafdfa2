"""The targets form: the programme's target and deadline, and each ward's override."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TargetForm(forms.Form):
    trained_adults = forms.IntegerField(label=_("Target: trained adults"), min_value=1)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, wards=(), overrides=None, **kwargs):
        super().__init__(*args, **kwargs)
        overrides = overrides or {}
        self.wards = list(wards)
        for ward in self.wards:
            self.fields[self.ward_field(ward)] = forms.IntegerField(
                label=ward.name,
                min_value=1,
                required=False,
                initial=overrides.get(ward.pk),
                help_text=_("Empty: its share of the target by adults."),
            )

    @staticmethod
    def ward_field(ward) -> str:
        return f"ward_{ward.code}"

    def ward_rows(self):
        return [(ward, self[self.ward_field(ward)]) for ward in self.wards]

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("trained_adults")
        fixed = sum(cleaned.get(self.ward_field(w)) or 0 for w in self.wards)
        if total and fixed > total:
            raise forms.ValidationError(
                _("The ward targets add up to %(fixed)s, more than the programme target.")
                % {"fixed": f"{fixed:,}"}
            )
        return cleaned
