"""What the phone sends for a tap: the lesson (or the tick to undo), its key and its time.

The phone makes the key and the time when the mentor taps (``mentors-mentees.js``); a plain
form post without JavaScript sends neither, and the server makes them then.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TickForm(forms.Form):
    lesson = forms.IntegerField(label=_("lesson"), min_value=1)
    key = forms.UUIDField(label=_("key"), required=False)
    ticked_at = forms.DateTimeField(label=_("ticked at"), required=False)

    def clean_key(self) -> uuid.UUID:
        return self.cleaned_data["key"] or uuid.uuid4()

    def clean_ticked_at(self):
        return self.cleaned_data["ticked_at"] or timezone.now()


class UndoForm(forms.Form):
    key = forms.UUIDField(label=_("tick"))
    undone_at = forms.DateTimeField(label=_("undone at"), required=False)

    def clean_undone_at(self):
        return self.cleaned_data["undone_at"] or timezone.now()
