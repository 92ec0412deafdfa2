"""Provisioning forms: choice lists only ever offer roles and wards inside the editor's scope."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from literacy.areas.models import Ward

from .models import PROVINCE_MANAGED_ROLES, WARD_MANAGED_ROLES
from .roles import Role


def roles_provisionable_by(user) -> list[Role]:
    if user.is_superuser or user.role == Role.PROVINCIAL:
        return list(PROVINCE_MANAGED_ROLES)
    if user.role == Role.WARD_OFFICIAL:
        return list(WARD_MANAGED_ROLES)
    return []


class AccountForm(forms.ModelForm):
    """Create or edit an account below the editor. ``editor`` decides the choices."""

    role = forms.ChoiceField(label=_("Role"))
    wards = forms.ModelMultipleChoiceField(
        label=_("Wards/communes"),
        queryset=Ward.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The wards this person works in."),
    )
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Optional. Leave empty and the person sets a password with “Forgot password?” "
            "(a link is sent to their e-mail address)."
        ),
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, editor, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.fields["role"].choices = [(r.value, r.label) for r in roles_provisionable_by(editor)]
        # The one scope mechanism decides which wards may be offered.
        in_scope = Ward.objects.visible_to(editor).order_by("name")
        self.fields["wards"].queryset = in_scope
        self.fields["email"].required = True
        editing = self.instance.pk is not None
        if editing:
            del self.fields["username"]
            del self.fields["password"]
            self.initial["role"] = self.instance.role
            self.initial["wards"] = list(in_scope.filter(officials=self.instance))
        else:
            self.fields["username"].help_text = _("Letters, digits and @/./+/-/_ only.")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        others = get_user_model().objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Another account already uses this e-mail address."))
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            candidate = get_user_model()(
                username=cleaned.get("username", ""), email=cleaned.get("email", "")
            )
            try:
                validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned
