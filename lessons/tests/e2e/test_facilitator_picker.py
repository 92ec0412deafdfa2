"""On a tablet, an official finds a mentor of the ward by name (without accents), ticks them as
a facilitator and saves the class with both of them."""

from __future__ import annotations

import pytest

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import ClassSession
from mentors.tests.factories import MentorUserFactory

from ..factories import LessonFactory
from .test_log_class import _log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_official_adds_a_mentor_found_by_name_as_facilitator(tablet_page, ward_official, ward_a):
    hamlet = HamletFactory(ward=ward_a, name="Khu phố 1")
    ResidentFactory(household=HouseholdFactory(hamlet=hamlet), full_name="Trần Thị Hòa")
    LessonFactory(code="vneid", title_vi="Cài đặt VNeID", title_en="Install VNeID")
    dung = MentorUserFactory(wards=[ward_a], first_name="Phạm Văn", last_name="Dũng")
    page = tablet_page
    _log_in(page, ward_official.username)
    page.goto("/lessons/classes/new/")
    page.wait_for_selector("#class-form")
    assert page.get_by_test_id("facilitator-list").locator("input:checked").count() == 1

    page.get_by_test_id("facilitator-search").press_sequentially("van dung")
    found = page.get_by_test_id("facilitator-results").get_by_text("Phạm Văn Dũng")
    found.wait_for()
    found.click()
    listed = page.get_by_test_id("facilitator-list")
    listed.get_by_text("Phạm Văn Dũng").wait_for()
    assert listed.locator("input:checked").count() == 2

    page.get_by_test_id("lessons").get_by_text("Cài đặt VNeID").click()
    page.locator("#roster").get_by_text("Trần Thị Hòa").click()
    page.get_by_test_id("save-class").click()
    page.wait_for_url(lambda url: "/new/" not in url)
    session = ClassSession.objects.get()
    assert set(session.facilitators.values_list("pk", flat=True)) == {ward_official.pk, dung.pk}
