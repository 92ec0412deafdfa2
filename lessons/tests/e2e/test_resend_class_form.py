"""A flaky network on the class form, in Chromium: when the server's answer is lost on the way
back and the official sends again, one record is saved, not two."""

from __future__ import annotations

import pytest

from households.models import Resident
from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import ClassSession

from ..factories import LessonFactory
from .test_log_class import _log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hamlet(ward_a):
    hamlet = HamletFactory(ward=ward_a, name="Khu phố 6")
    ResidentFactory(household=HouseholdFactory(hamlet=hamlet), full_name="Người Khu Sáu")
    LessonFactory(code="vneid", title_vi="Cài đặt VNeID", title_en="Install VNeID")
    return hamlet


def _lose_the_first_answer(answers: list):
    """A route handler: the first request reaches the server, its answer never comes back."""

    def handle(route):
        if not answers:
            answers.append(route.fetch().status)
            route.abort()
        else:
            route.continue_()

    return handle


def _time_out_the_first_answer(answers: list):
    """A route handler: the first request reaches the server, a proxy answers 504 instead."""

    def handle(route):
        if not answers:
            answers.append(route.fetch(max_redirects=0).status)
            route.fulfill(
                status=504,
                content_type="text/html",
                body='<!doctype html><html lang="vi"><title>504</title><p>Gateway Time-out</p>',
            )
        else:
            route.continue_()

    return handle


def _open_form(page, ward_official):
    _log_in(page, ward_official.username)
    page.goto("/lessons/classes/new/")
    page.wait_for_selector("#class-form")


def test_adding_a_person_again_after_a_lost_answer_adds_them_once(
    tablet_page, ward_official, hamlet
):
    page = tablet_page
    _open_form(page, ward_official)
    lost: list = []
    page.route("**/lessons/classes/attendees/new/", _lose_the_first_answer(lost))
    page.get_by_test_id("attendee-search").press_sequentially("Lê Văn Tư")
    add_person = page.get_by_test_id("add-person")
    add_person.wait_for()
    add_person.click()
    page.get_by_test_id("new-person-born").fill("05/09/1960")
    page.get_by_test_id("new-person-household").select_option("new")
    save = page.get_by_test_id("new-person-save")
    with page.expect_event("requestfailed"):
        save.click()
    assert lost == [201]  # the server added the person; the tablet shows a network error
    save.click()  # the official taps again
    page.wait_for_function("() => document.getElementById('attendee-count').textContent === '1'")
    assert Resident.objects.filter(full_name="Lê Văn Tư").count() == 1


def test_saving_again_after_a_lost_answer_logs_one_class(tablet_page, ward_official, hamlet):
    page = tablet_page
    _open_form(page, ward_official)
    page.get_by_test_id("lessons").locator("input").first.check()
    lost: list = []
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.route("**/lessons/classes/new/", _time_out_the_first_answer(lost))
    with page.expect_response(lambda response: response.status == 504):
        page.get_by_test_id("save-class").click()
    assert lost == [302]  # saved, but the tablet got the proxy's time-out page
    page.get_by_text("Gateway Time-out").wait_for()  # the error page has finished loading
    page.wait_for_load_state("load")
    page.reload()  # the official reloads: the browser sends the form again
    page.wait_for_selector("[data-testid=attendees]")
    session = ClassSession.objects.get()
    assert page.url.endswith(f"/lessons/classes/{session.pk}/")
    assert len(posts) == 2
