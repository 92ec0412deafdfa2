"""The class form on a phone does not make duplicates: a newcomer who looks like someone on the
roster is offered as that person, and a class saved again asks before making a second one.
The browser is set to English (en-US): dates are still typed and shown as dd/mm/yyyy, 24 h."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from households.models import Household, Resident
from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import ClassSession
from lessons.services.classes import class_create
from lessons.tests.dates import PAST_MONTH

from ..factories import LessonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ward_world(ward_a):
    """Khu phố 1 (where classes are held) and Khu phố 2, where Ngô Gia Thành (born 1956) lives."""
    kp1 = HamletFactory(ward=ward_a, name="Khu phố 1")
    kp2 = HamletFactory(ward=ward_a, name="Khu phố 2")
    HouseholdFactory(hamlet=kp1, code="KP1-001")
    thanh = ResidentFactory(
        household=HouseholdFactory(hamlet=kp2, code="KP2-001"),
        full_name="Ngô Gia Thành",
        date_of_birth=datetime.date(1956, 4, 2),
    )
    lessons = [
        LessonFactory(code="vneid", title_vi="Cài đặt VNeID", title_en="Install VNeID"),
        LessonFactory(code="dvc", title_vi="Dịch vụ công", title_en="Public services"),
    ]
    return {"kp1": kp1, "thanh": thanh, "lessons": lessons}


def _open_form(page, sign_in_browser, official, hamlet_name: str) -> None:
    sign_in_browser(page, official)
    page.goto("/lessons/classes/new/")
    page.locator("select[name=hamlet]").select_option(label=hamlet_name)
    page.wait_for_load_state("networkidle")


def test_matched_newcomer_is_ticked_not_added_again(
    page, sign_in_browser, ward_official, ward_world
):
    thanh = ward_world["thanh"]
    _open_form(page, sign_in_browser, ward_official, "Khu phố 1")

    page.get_by_test_id("attendee-search").press_sequentially("ngo gia thanh")
    match = page.locator(f"#search-results input[value='{thanh.pk}']")
    match.wait_for()
    add_person = page.get_by_test_id("add-person")
    add_person.wait_for()
    # "Add new" comes after the matches, not before them.
    assert add_person.bounding_box()["y"] > match.bounding_box()["y"]

    add_person.click()
    page.get_by_test_id("new-person-born").fill("15/08/1956")
    page.get_by_test_id("new-person-household").select_option("new")
    page.get_by_test_id("new-person-save").click()
    lookalikes = page.get_by_test_id("lookalikes")
    lookalikes.wait_for()
    assert "02/04/1956" in lookalikes.inner_text()
    assert "Khu phố 2" in lookalikes.inner_text()

    lookalikes.get_by_role("button", name="Ngô Gia Thành").click()
    page.wait_for_function("() => document.getElementById('attendee-count').textContent === '1'")
    assert page.locator(f"#roster input[name=attendees][value='{thanh.pk}']").is_checked()
    assert page.get_by_test_id("new-person").is_hidden()

    page.get_by_test_id("lessons").locator(f"input[value='{ward_world['lessons'][0].pk}']").check()
    page.get_by_test_id("save-class").click()
    page.wait_for_selector("[data-testid=attendees]")
    assert Resident.objects.count() == 1
    assert Household.objects.count() == 2
    assert list(ClassSession.objects.get().attendees.all()) == [thanh]


def test_newcomer_who_is_someone_else_is_added_once_confirmed(
    page, sign_in_browser, ward_official, ward_world
):
    _open_form(page, sign_in_browser, ward_official, "Khu phố 1")
    page.get_by_test_id("attendee-search").press_sequentially("Ngô Gia Thành")
    page.get_by_test_id("add-person").click()
    page.get_by_test_id("new-person-born").fill("01/01/1956")
    household = Household.objects.get(code="KP1-001")
    page.get_by_test_id("new-person-household").select_option(
        label=f"KP1-001 · {household.address}"
    )
    page.get_by_test_id("new-person-save").click()
    page.get_by_test_id("new-person-confirm").click()
    page.wait_for_function("() => document.getElementById('attendee-count').textContent === '1'")
    newcomer = Resident.objects.exclude(pk=ward_world["thanh"].pk).get()
    assert newcomer.date_of_birth == datetime.date(1956, 1, 1)
    assert newcomer.household.code == "KP1-001"


def test_class_saved_again_asks_before_making_a_second_one(
    page, sign_in_browser, ward_official, ward_world
):
    last_month = PAST_MONTH
    starts_at = timezone.make_aware(
        datetime.datetime.combine(last_month.replace(day=10), datetime.time(18, 30))
    )
    first = class_create(
        by=ward_official,
        hamlet=ward_world["kp1"],
        starts_at=starts_at,
        lessons=ward_world["lessons"],
    )
    _open_form(page, sign_in_browser, ward_official, "Khu phố 1")
    page.locator("input[name=starts_at]").fill(f"{starts_at:%d/%m/%Y} 18:30")
    lessons = page.get_by_test_id("lessons")
    for lesson in ward_world["lessons"]:
        lessons.locator(f"input[value='{lesson.pk}']").check()
    page.get_by_test_id("save-class").click()

    warning = page.get_by_test_id("duplicate-warning")
    warning.wait_for()
    assert ClassSession.objects.count() == 1
    assert f"{starts_at:%d/%m/%Y} 18:30" in warning.inner_text()
    assert warning.get_by_test_id("duplicate-link").get_attribute("href") == (
        f"/lessons/classes/{first.pk}/"
    )
    # The form keeps what was typed, in the same format.
    assert page.locator("input[name=starts_at]").input_value() == f"{starts_at:%d/%m/%Y} 18:30"

    page.get_by_test_id("save-anyway").click()
    page.wait_for_selector("[data-testid=attendees]")
    assert ClassSession.objects.count() == 2
