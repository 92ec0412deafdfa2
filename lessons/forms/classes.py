"""The class form ward officials fill in at the venue (or later, from a printed sheet).

Every choice list is narrowed to the user's scope, so an id from another ward is simply
"not a valid choice" (a form error, never stored). The view hands ``service_kwargs()`` to
``lessons.services.classes``.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lessons.models import ClassSession
from lessons.selectors.catalogue import TrackGroup, group_by_track
from lessons.selectors.classes import (
    attendee_candidates,
    class_duplicates,
    default_hamlet,
    facilitators_for_user,
    hamlet_roster_page,
    hamlets_for_logging,
    households_for_logging,
    lessons_for_logging,
)
from literacy.date_fields import BirthDateField, DayMonthYearTimeField, DayMonthYearTimeInput
from literacy.idempotency.forms import IdempotencyTokenField
from literacy.ids import parse_id


class LessonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class FacilitatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ClassForm(forms.Form):
    starts_at = DayMonthYearTimeField(
        label=_("Date and time"),
        help_text=_("Day/month/year and 24-hour time, e.g. 05/03/2026 18:30."),
        widget=DayMonthYearTimeInput(attrs={"aria-describedby": "id_starts_at_hint"}),
    )
    hamlet = forms.ModelChoiceField(label=_("Hamlet"), queryset=None, empty_label=None)
    venue = forms.CharField(
        label=_("Venue"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Phu Cuong Park (public wifi)")}),
    )
    lessons = LessonChoiceField(
        label=_("Lessons covered"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    facilitators = FacilitatorChoiceField(
        label=_("Facilitators"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendees = forms.ModelMultipleChoiceField(label=_("Attendees"), queryset=None, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    #: One per filling-in of the form: a double submit saves one class (``idempotent_form``).
    idempotency_token = IdempotencyTokenField()
    #: Sent by the "save anyway" button of the duplicate warning (see ``class_duplicates``).
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, instance: ClassSession | None = None, **kwargs):
        self.user = user
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "starts_at": timezone.localtime(instance.starts_at),
                "hamlet": instance.hamlet_id,
                "venue": instance.venue,
                "lessons": list(instance.lessons.values_list("pk", flat=True)),
                "facilitators": list(instance.facilitators.values_list("pk", flat=True)),
                "attendees": list(instance.attendance.values_list("resident_id", flat=True)),
                "notes": instance.notes,
            }
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = hamlets_for_logging(user)
        self.fields["lessons"].queryset = lessons_for_logging(instance)
        self.fields["facilitators"].queryset = facilitators_for_user(user)
        self.fields["attendees"].queryset = attendee_candidates(user)
        if instance is None and not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("starts_at", now)
            # The select shows its first hamlet anyway: keep the server's tick list in step.
            hamlet = default_hamlet(user) or self.fields["hamlet"].queryset.first()
            if hamlet is not None:
                self.initial.setdefault("hamlet", hamlet.pk)
            if self.fields["facilitators"].queryset.filter(pk=user.pk).exists():
                self.initial.setdefault("facilitators", [user.pk])

    def selected_hamlet_id(self) -> int | None:
        value = self.data.get("hamlet") if self.is_bound else self.initial.get("hamlet")
        try:
            return int(value) if value else None
        except (TypeError, ValueError):
            return None

    def selected_attendee_ids(self) -> set[int]:
        values = self.data.getlist("attendees") if self.is_bound else self.initial.get("attendees")
        return {parse_id(v) for v in values or () if parse_id(v) is not None}

    def roster(self) -> list[dict]:
        """The first page of the hamlet's residents, with anyone ticked who is not on it
        (first), for the tick list; ``roster_has_more`` says whether the hamlet has more."""
        hamlet_id = self.selected_hamlet_id()
        selected = self.selected_attendee_ids()
        hamlet = self.fields["hamlet"].queryset.filter(pk=hamlet_id).first() if hamlet_id else None
        in_hamlet, self.roster_has_more = (
            hamlet_roster_page(self.user, hamlet) if hamlet is not None else ([], False)
        )
        listed = {r.pk for r in in_hamlet}
        others = list(
            self.fields["attendees"]
            .queryset.filter(pk__in=selected - listed)
            .order_by("name_folded", "pk")
            .only("pk", "full_name", "name_folded")
        )
        return [
            {"id": r.pk, "name": r.full_name, "folded": r.name_folded, "checked": r.pk in selected}
            for r in others + in_hamlet
        ]

    def facilitator_choices(self) -> list[dict]:
        """The ticked facilitators as plain rows (id, name, ticked): a large ward has thousands
        of mentors, too many to send to a tablet; the form's search finds the others
        (``lessons:facilitator_search``)."""
        if self.is_bound:
            values = self.data.getlist("facilitators")
        else:
            values = self.initial.get("facilitators") or ()
        ticked = {pk for pk in (parse_id(v) for v in values) if pk is not None}
        rows = (
            self.fields["facilitators"]
            .queryset.filter(pk__in=ticked)
            .values_list("pk", "first_name", "last_name", "username")
        )
        return [
            {"id": pk, "name": f"{first} {last}".strip() or username, "checked": True}
            for pk, first, last, username in rows
        ]

    def duplicates(self) -> list[ClassSession]:
        """Saved classes this one would repeat, unless the official already said to save anyway."""
        data = self.cleaned_data
        if data.get("confirm_duplicate"):
            return []
        return list(
            class_duplicates(
                self.user,
                hamlet=data["hamlet"],
                starts_at=data["starts_at"],
                lessons=data["lessons"],
                exclude_pk=self.instance.pk if self.instance is not None else None,
            )
        )

    def lesson_groups(self) -> list[TrackGroup]:
        """The lesson checkboxes under their track, the core lessons (needed for trained) first."""
        return group_by_track(
            self["lessons"], track_of=lambda box: box.data["value"].instance.track
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "hamlet": data["hamlet"],
            "starts_at": data["starts_at"],
            "venue": data["venue"],
            "lessons": data["lessons"],
            "facilitators": data["facilitators"],
            "attendees": data["attendees"],
            "notes": data["notes"],
        }


#: The household choice that means "put the newcomer in a new household of the class's hamlet".
NEW_HOUSEHOLD = "new"


class AttendeeCreateForm(forms.Form):
    """Quick-add at the venue: a person not on the roster yet.

    The date of birth and the household (or a new household in the class's hamlet) are asked
    for, so the newcomer is counted as an adult of a hamlet from the first class on.
    ``confirm_new`` is set once the official has seen the look-alikes and says it is someone else.
    """

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    date_of_birth = BirthDateField(label=_("Date of birth"))
    hamlet = forms.ModelChoiceField(label=_("Hamlet"), queryset=None)
    household = forms.CharField(label=_("Household"), required=False)
    confirm_new = forms.BooleanField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["hamlet"].queryset = hamlets_for_logging(user)

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Type the person's full name."))
        return name

    def clean(self):
        data = super().clean()
        hamlet, choice = data.get("hamlet"), (data.get("household") or "").strip()
        data["household"] = None
        if hamlet is None:
            return data
        if not choice:
            self.add_error(
                "household", _("Choose the person's household, or a new household in the hamlet.")
            )
        elif choice != NEW_HOUSEHOLD:
            data["household"] = (
                households_for_logging(self.user, hamlet.pk).filter(pk=parse_id(choice)).first()
            )
            if data["household"] is None:
                self.add_error("household", _("That household is not in the class's hamlet."))
        return data
