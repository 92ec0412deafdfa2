"""The Vietnamese pages have no English left in the frame, and dates are typed dd/mm/yyyy."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from households.models import Resident
from households.tests.factories import HamletFactory, HouseholdFactory

pytestmark = pytest.mark.django_db


def test_the_menu_button_is_in_vietnamese(login, ward_official):
    html = login(ward_official).get(reverse("home")).content.decode()
    assert 'data-testid="menu">Trình đơn</summary>' in html


def test_resident_form_takes_the_birth_date_as_day_month_year(login, ward_official, ward_a):
    household = HouseholdFactory(hamlet=HamletFactory(ward=ward_a), code="HGD-7")
    client = login(ward_official)
    form = client.get(reverse("households:resident_create")).content.decode()
    assert 'type="date"' not in form
    assert 'placeholder="ngày/tháng/năm"' in form
    response = client.post(
        reverse("households:resident_create"),
        {
            "ward": ward_a.pk,
            "household_code": household.code,
            "full_name": "Võ Thị Sáu",
            "date_of_birth": "01/03/1958",
            "vneid_level": 0,
        },
    )
    assert response.status_code == 302
    assert Resident.objects.get().date_of_birth == datetime.date(1958, 3, 1)


def test_resident_edit_form_shows_the_birth_date_day_first(login, ward_official, ward_a):
    household = HouseholdFactory(hamlet=HamletFactory(ward=ward_a))
    resident = Resident.objects.create(
        ward=ward_a, household=household, full_name="Võ Thị Sáu", date_of_birth="1958-03-01"
    )
    html = login(ward_official).get(reverse("households:resident_edit", args=[resident.pk]))
    assert 'value="01/03/1958"' in html.content.decode()
