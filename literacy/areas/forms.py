"""Forms for the hamlet pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from literacy.idempotency.forms import IdempotencyTokenField

from .models import Hamlet, Ward


class HamletForm(forms.ModelForm):
    """Create (with the ward, hidden when the official serves only one) or rename a hamlet."""

    class Meta:
        model = Hamlet
        fields = ("ward", "name", "hamlet_type")

    #: One per filling-in of the form: a double submit creates one (``idempotent_form``).
    idempotency_token = IdempotencyTokenField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["ward"]
            del self.fields["idempotency_token"]
            return
        wards = Ward.objects.manageable_by(user)
        self.fields["ward"].queryset = wards
        only = list(wards[:2])
        if len(only) == 1:
            self.fields["ward"].initial = only[0].pk
            self.fields["ward"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        ward = data.get("ward") if "ward" in self.fields else self.instance.ward
        name = " ".join((data.get("name") or "").split())
        if ward is not None and name:
            clash = Hamlet.objects.filter(ward=ward, name__iexact=name)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "name", _("This ward already has a hamlet called %(name)s.") % {"name": name}
                )
        return data

    def validate_unique(self):
        """Uniqueness is checked in clean() with a clearer message (and case-insensitively)."""
