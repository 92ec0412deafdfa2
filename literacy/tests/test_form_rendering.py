"""The form renderer writes selects exactly as Django's own templates do, only faster."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from households.tests.factories import HamletFactory
from literacy.areas.models import Hamlet
from literacy.form_rendering import FormRenderer, select_html

CHOICES = [
    ("", "---------"),
    ("1", 'Ấp "Một" & <Hai>'),
    (2, "Khu phố 2"),
    ("Ấp mới", [("3", "Tổ 3"), ("4", mark_safe("<b>Tổ 4</b>"))]),
]


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    multiple = forms.MultipleChoiceField(choices=CHOICES, required=False)
    yes_no = forms.NullBooleanField(required=False)
    flagged = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.Select(attrs={"class": "wide", "data-x": 'a"b', "disabled": True, "x": False}),
    )
    number = forms.TypedChoiceField(choices=[(1000, 1000), (2, 2.5)], coerce=int)


def _rendered(form_class, data, renderer):
    form = form_class(data, renderer=renderer)
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize(
    "data",
    [None, {"plain": "1", "multiple": ["1", "4"], "yes_no": "true", "flagged": "4", "number": 2}],
)
def test_selects_are_the_markup_of_djangos_templates(data):
    ours = _rendered(Everything, data, FormRenderer())
    django = _rendered(Everything, data, DjangoTemplates())
    assert ours == django
    if data is None:  # nothing chosen: the empty choice is the selected one
        assert '<option value="" selected>---------</option>' in ours["plain"]
        assert "selected" not in ours["multiple"]
    else:
        assert '<option value="1" selected>' in ours["plain"]
        assert '<option value="4" selected><b>Tổ 4</b></option>' in ours["multiple"]


def test_model_choices_are_the_markup_of_djangos_templates(wards):
    HamletFactory.create_batch(3, ward=wards[0])

    class ByHamlet(forms.Form):
        hamlet = forms.ModelChoiceField(queryset=Hamlet.objects.order_by("pk"))

    chosen = {"hamlet": str(Hamlet.objects.order_by("pk").last().pk)}
    ours = _rendered(ByHamlet, chosen, FormRenderer())
    assert ours == _rendered(ByHamlet, chosen, DjangoTemplates())
    assert ours["hamlet"].count("<option") == 4


def test_an_option_with_a_template_of_its_own_is_left_to_the_templates():
    class OwnOption(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    context = OwnOption(choices=CHOICES).get_context("own", "1", {})
    assert select_html(context["widget"]) is None
    markup = OwnOption(choices=CHOICES).render("own", "1", renderer=FormRenderer())
    assert '<label><input type="select" name="own" value="1" selected>' in markup
