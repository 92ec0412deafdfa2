"""Forms of the ward-official pages; choices come from the user's scope, checks from services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from households.importing.readers import too_big_message
from literacy.accounts.models import User
from literacy.accounts.roles import Role
from literacy.areas.models import Hamlet

from .matching import DEFAULT_CAP
from .models import CommunityTeam, Mentor, Organisation
from .selectors import mentors_with_load


class MentorForm(forms.Form):
    """One mentor: name, phone, organisation, home hamlet and team, within one ward."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    organisation = forms.ChoiceField(label=_("Organisation"), choices=Organisation.choices)
    home_hamlet = forms.ModelChoiceField(label=_("Home hamlet"), queryset=Hamlet.objects.none())
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=CommunityTeam.objects.none(), required=False
    )

    def __init__(self, *args, ward, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_hamlet"].queryset = Hamlet.objects.filter(ward=ward).order_by("name")
        self.fields["team"].queryset = CommunityTeam.objects.filter(ward=ward).order_by("name")


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=100)
    lead = forms.ModelChoiceField(
        label=_("Team lead"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, ward, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = (
            User.objects.visible_to(user)
            .filter(role=Role.TEAM_LEAD, is_active=True, wards=ward)
            .order_by("first_name", "username")
        )
        self.fields["lead"].label_from_instance = lambda u: u.get_full_name() or u.username


class MentorChoiceForm(forms.Form):
    """Pick a mentor of the ward for one adult (each shown with their mentee count)."""

    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Mentor.objects.none())

    def __init__(self, *args, ward, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors_with_load(
            Mentor.objects.filter(ward=ward, is_active=True)
        ).order_by("full_name", "pk")
        self.fields["mentor"].label_from_instance = lambda m: (
            _("%(name)s (%(count)s mentees)") % {"name": m.full_name, "count": m.mentee_count}
        )


class MentorImportForm(forms.Form):
    file = forms.FileField(
        label=_("Mentor list (XLSX, CSV or Unicode text)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,.txt,.tsv,text/csv,text/plain,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if file.size > limit:
            raise forms.ValidationError(too_big_message(limit))
        return file


class SuggestForm(forms.Form):
    """How to propose: the per-mentor cap, and how many proposals to review at once."""

    cap = forms.IntegerField(
        label=_("At most this many mentees per mentor"),
        min_value=1,
        max_value=50,
        initial=DEFAULT_CAP,
    )
    limit = forms.IntegerField(
        label=_("Proposals shown for review"), min_value=1, max_value=250, initial=100
    )
