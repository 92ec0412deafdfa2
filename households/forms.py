"""Forms for the roster pages. They validate input and name the field at fault; the writes
themselves are done by ``households.services``."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from literacy.areas.models import Hamlet, Ward
from literacy.date_fields import BirthDateField
from literacy.idempotency.forms import IdempotencyTokenField

from .models import Household, Resident
from .reveal import cccd_shown
from .services import RESIDENT_EDITABLE_FIELDS
from .validators import cccd_errors

DEFAULT_CONSENT_PURPOSE = _(
    "Keeping the programme's roster of residents and their digital-skills progress"
)


def _setup_ward_field(form: forms.Form, user) -> None:
    """Limit ``ward`` to the wards the user manages; hide it when there is only one."""
    wards = Ward.objects.manageable_by(user)
    form.fields["ward"].queryset = wards
    only = list(wards[:2])
    if len(only) == 1:
        form.fields["ward"].initial = only[0].pk
        form.fields["ward"].widget = forms.HiddenInput()


def _clean_household_code(form: forms.Form, data: dict) -> None:
    """Find the household named by ``ward`` + ``household_code`` among those the user manages
    (``form.household``), or put an error on the code when the ward has no such household."""
    ward = data.get("ward")
    code = (data.get("household_code") or "").strip()
    form.household = None
    if ward is None or not code:
        return
    form.household = Household.objects.manageable_by(form.user).filter(ward=ward, code=code).first()
    if form.household is None:
        form.add_error(
            "household_code",
            _("There is no household with the code %(code)s in this ward.") % {"code": code},
        )


class ResidentForm(forms.ModelForm):
    """Create or edit a resident. On create it also takes the ward, the household code and an
    explicit, unticked consent box."""

    ward = forms.ModelChoiceField(label=_("Ward/commune"), queryset=Ward.objects.none())
    household_code = forms.CharField(
        label=_("Household code"),
        required=False,
        max_length=30,
        help_text=_("The code of an existing household in the ward. Leave blank if unknown."),
    )
    consent_given = forms.BooleanField(
        label=_("The person agreed that their information is kept for this purpose"),
        required=False,
        initial=False,
    )
    consent_purpose = forms.CharField(
        label=_("Purpose of the consent"), required=False, max_length=255
    )
    #: One per filling-in of the form: a double submit creates one (``idempotent_form``).
    idempotency_token = IdempotencyTokenField()

    field_order = ("ward", "household_code", *RESIDENT_EDITABLE_FIELDS)

    class Meta:
        model = Resident
        fields = RESIDENT_EDITABLE_FIELDS
        # dd/mm/yyyy whatever the browser's language (a date input would follow the device).
        field_classes = {"date_of_birth": BirthDateField}
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "cccd": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def __init__(self, *args, user, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.creating = creating
        self.household = None
        if creating:
            _setup_ward_field(self, user)
            self.fields["consent_purpose"].initial = DEFAULT_CONSENT_PURPOSE
        else:
            for name in (
                "ward",
                "household_code",
                "consent_given",
                "consent_purpose",
                "idempotency_token",
            ):
                del self.fields[name]
            # The input shows the stored number: only through the audited way (households.reveal).
            self.initial["cccd"] = cccd_shown(resident=self.instance, by=user, full=True)
        self.fields["full_name"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        data = super().clean()
        cccd = (data.get("cccd") or "").strip()
        if cccd and "cccd" not in self.errors:
            for message in cccd_errors(
                cccd, date_of_birth=data.get("date_of_birth"), gender=data.get("gender") or None
            ):
                self.add_error("cccd", message)
        if self.creating:
            _clean_household_code(self, data)
            if data.get("consent_given") and not (data.get("consent_purpose") or "").strip():
                self.add_error("consent_purpose", _("Say what the consent is for."))
        return data


class ResidentMoveForm(forms.Form):
    ward = forms.ModelChoiceField(label=_("Ward/commune"), queryset=Ward.objects.none())
    household_code = forms.CharField(label=_("Code of the new household"), max_length=30)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.household = None
        _setup_ward_field(self, user)

    def clean(self):
        data = super().clean()
        _clean_household_code(self, data)
        return data


class ConsentForm(forms.Form):
    consent_given = forms.BooleanField(
        label=_("The person agreed that their information is kept for this purpose"),
        required=True,
        initial=False,
    )
    consent_purpose = forms.CharField(
        label=_("Purpose of the consent"), max_length=255, initial=DEFAULT_CONSENT_PURPOSE
    )


class HouseholdForm(forms.ModelForm):
    #: One per filling-in of the form: a double submit creates one (``idempotent_form``).
    idempotency_token = IdempotencyTokenField()

    class Meta:
        model = Household
        fields = ("hamlet", "code", "address", "head")
        help_texts = {"code": _("Unique within the ward. Leave blank to number it automatically.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = Hamlet.objects.manageable_by(user).select_related("ward")
        self.fields["code"].required = False
        if self.instance.pk:
            self.fields["head"].queryset = Resident.objects.filter(household=self.instance)
        else:
            del self.fields["head"]
        if self.instance.pk:
            del self.fields["idempotency_token"]

    def clean_hamlet(self):
        hamlet = self.cleaned_data["hamlet"]
        if self.instance.pk and hamlet.ward_id != self.instance.ward_id:
            raise ValidationError(_("Choose a hamlet of the household's own ward."))
        return hamlet
