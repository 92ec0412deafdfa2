"""The upload form: a ward the official manages and a file."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from literacy.areas.models import Ward

from .readers import too_big_message


class ImportForm(forms.Form):
    ward = forms.ModelChoiceField(
        label=_("Ward/commune"), queryset=Ward.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=_("Roster file (XLSX, CSV or Unicode text)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,.txt,.tsv,text/csv,text/plain,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Ward.objects.manageable_by(user).order_by("name")

    def clean_file(self):
        file = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if file.size > limit:
            raise forms.ValidationError(too_big_message(limit))
        return file
