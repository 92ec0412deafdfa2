"""Adding a newcomer from the class form: a birth date and a household first, no look-alike
duplicates (same name without accents and same birth year) unless the official confirms."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from households.models import Household, Resident
from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hamlet(ward_a):
    return HamletFactory(ward=ward_a, name="Khu phố 3")


@pytest.fixture
def household(hamlet):
    return HouseholdFactory(hamlet=hamlet, code="KP3-001")


@pytest.fixture
def thanh(household):
    return ResidentFactory(
        household=household, full_name="Ngô Gia Thành", date_of_birth=datetime.date(1956, 4, 2)
    )


def _add(client, hamlet, **fields):
    data = {"full_name": "Lê Văn Tư", "date_of_birth": "05/09/1960", "hamlet": hamlet.pk}
    data.update(fields)
    return client.post(reverse("lessons:attendee_create"), data)


def test_newcomer_joins_the_chosen_household_with_a_birth_date(
    login, ward_official, hamlet, household
):
    response = _add(
        login(ward_official), hamlet, full_name="  Lê   Văn Tư ", household=household.pk
    )
    assert response.status_code == 201
    resident = Resident.objects.get(pk=response.json()["id"])
    assert (resident.full_name, resident.ward_id) == ("Lê Văn Tư", hamlet.ward_id)
    assert resident.date_of_birth == datetime.date(1960, 9, 5)
    assert resident.household == household
    assert response.json()["hamlet"] == "Khu phố 3"


def test_newcomer_without_a_known_household_gets_a_new_one_in_the_class_hamlet(
    login, ward_official, hamlet
):
    response = _add(login(ward_official), hamlet, household="new")
    assert response.status_code == 201
    resident = Resident.objects.get(pk=response.json()["id"])
    assert resident.household.hamlet == hamlet
    assert resident.household.ward_id == hamlet.ward_id


def test_newcomer_without_a_birth_date_is_refused_and_nothing_is_stored(
    login, ward_official, hamlet
):
    response = _add(login(ward_official), hamlet, date_of_birth="", household="new")
    assert response.status_code == 400
    assert response.json()["errors"]["date_of_birth"]
    assert not Resident.objects.exists()
    assert not Household.objects.exists()


def test_birth_date_is_read_day_first_and_a_us_date_is_refused(login, ward_official, hamlet):
    response = _add(login(ward_official), hamlet, date_of_birth="09/25/1960", household="new")
    assert response.status_code == 400
    assert "dd/mm/yyyy" in " ".join(response.json()["errors"]["date_of_birth"])
    assert not Resident.objects.exists()


def test_newcomer_without_a_household_choice_is_asked_for_one(login, ward_official, hamlet):
    response = _add(login(ward_official), hamlet)
    assert response.status_code == 400
    assert response.json()["errors"]["household"]
    assert not Resident.objects.exists()


def test_household_of_another_hamlet_is_refused(login, ward_official, hamlet, ward_a):
    elsewhere = HouseholdFactory(hamlet=HamletFactory(ward=ward_a, name="Khu phố 9"))
    response = _add(login(ward_official), hamlet, household=elsewhere.pk)
    assert response.status_code == 400
    assert response.json()["errors"]["household"]
    assert not Resident.objects.exists()


def test_newcomer_without_a_name_answers_400_with_the_reason(login, ward_official, hamlet):
    response = _add(login(ward_official), hamlet, full_name=" ", household="new")
    assert response.status_code == 400
    assert response.json()["errors"]["full_name"]
    assert not Resident.objects.exists()


def test_lookalike_with_the_same_folded_name_and_birth_year_is_offered_instead(
    login, ward_official, hamlet, thanh
):
    response = _add(
        login(ward_official),
        hamlet,
        full_name="ngo gia thanh",
        date_of_birth="01/01/1956",
        household="new",
    )
    assert response.status_code == 409
    assert [p["id"] for p in response.json()["lookalikes"]] == [thanh.pk]
    assert response.json()["lookalikes"][0]["born"] == "02/04/1956"
    assert Resident.objects.count() == 1
    assert Household.objects.count() == 1


def test_lookalike_without_a_birth_date_is_offered_too(login, ward_official, hamlet, household):
    hurried = ResidentFactory(household=household, full_name="Ngô Gia Thành", date_of_birth=None)
    response = _add(login(ward_official), hamlet, full_name="Ngo Gia Thanh", household=household.pk)
    assert response.status_code == 409
    assert [p["id"] for p in response.json()["lookalikes"]] == [hurried.pk]


def test_same_name_born_in_another_year_is_a_different_person(login, ward_official, hamlet, thanh):
    response = _add(
        login(ward_official),
        hamlet,
        full_name="Ngô Gia Thành",
        date_of_birth="03/03/1990",
        household="new",
    )
    assert response.status_code == 201
    assert Resident.objects.filter(name_folded="ngo gia thanh").count() == 2


def test_confirmed_newcomer_is_added_despite_a_lookalike(login, ward_official, hamlet, thanh):
    response = _add(
        login(ward_official),
        hamlet,
        full_name="Ngô Gia Thành",
        date_of_birth="10/10/1956",
        household="new",
        confirm_new="1",
    )
    assert response.status_code == 201
    assert Resident.objects.filter(name_folded="ngo gia thanh").count() == 2


def test_lookalikes_of_another_ward_are_not_shown(login, ward_official, hamlet, ward_b):
    ResidentFactory(ward=ward_b, full_name="Ngô Gia Thành", date_of_birth=datetime.date(1956, 1, 1))
    response = _add(
        login(ward_official),
        hamlet,
        full_name="Ngô Gia Thành",
        date_of_birth="01/01/1956",
        household="new",
    )
    assert response.status_code == 201


def test_hamlet_roster_lists_the_hamlets_households_for_the_newcomer(
    login, ward_official, hamlet, household, thanh
):
    household.head = thanh
    household.save()
    response = login(ward_official).get(
        reverse("lessons:hamlet_roster", args=[hamlet.pk]), {"households": "1"}
    )
    assert response.json()["households"] == [
        {"id": household.pk, "label": f"KP3-001 · Ngô Gia Thành · {household.address}"}
    ]


def test_class_form_asks_for_households_only_when_a_newcomer_is_added(
    login, ward_official, hamlet, household
):
    client = login(ward_official)
    html = client.get(reverse("lessons:class_create")).content.decode()
    assert f'<option value="{household.pk}">' not in html
    assert 'value="new" data-new-household' in html
    roster = client.get(reverse("lessons:hamlet_roster", args=[hamlet.pk])).json()
    assert "households" not in roster
