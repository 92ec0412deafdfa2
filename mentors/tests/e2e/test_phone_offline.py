"""A mentor on a 360 px phone ticks a lesson, loses the connection, ticks another and undoes a
third, reloads the page and closes the tab without a connection, then gets it back: everything
reaches the server once, with the times of the taps."""

from __future__ import annotations

import datetime
import uuid

import pytest

from households.tests.factories import HouseholdFactory, ResidentFactory
from lessons.models import Completion
from lessons.tests.factories import LessonFactory
from mentors.models import Tick
from mentors.services.ticks import tick_record

from ..factories import AssignmentFactory, MentorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGE = "/mentors/me/"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


@pytest.fixture
def mentee_world(mentor_user, ward_a):
    from households.tests.factories import HamletFactory

    hamlet = HamletFactory(ward=ward_a, name="Khu phố 3")
    mentor = MentorFactory(user=mentor_user, home_hamlet=hamlet)
    mentee = ResidentFactory(household=HouseholdFactory(hamlet=hamlet), full_name="Lê Thị Mai")
    AssignmentFactory(mentor=mentor, mentee=mentee)
    lessons = {
        code: LessonFactory(code=code, title_vi=title, title_en=title)
        for code, title in [("vneid", "Cài VNeID"), ("dvc", "Dịch vụ công"), ("scams", "Lừa đảo")]
    }
    recent = tick_record(
        mentor_user=mentor_user,
        resident=mentee,
        lesson=lessons["scams"],
        key=uuid.uuid4(),
        ticked_at=_now() - datetime.timedelta(hours=1),
    ).tick
    return {"mentee": mentee, "lessons": lessons, "recent": recent}


def _phone_now(page) -> datetime.datetime:
    milliseconds = page.evaluate("Date.now()")
    return datetime.datetime.fromtimestamp(milliseconds / 1000, datetime.UTC)


def _wait_kept_after(page, before: str | None) -> str:
    """Wait until the service worker has kept (a newer copy of) the page for offline use."""
    page.wait_for_function(
        "(before) => { const k = document.getElementById('my-mentees').dataset.keptAt;"
        " return k && k !== before; }",
        arg=before,
    )
    return page.get_by_test_id("my-mentees").get_attribute("data-kept-at")


def test_ticks_made_offline_reach_the_server_once_with_the_time_of_the_tap(
    page, live_server, sign_in_browser, mentor_user, mentee_world, artifacts_dir
):
    mentee = mentee_world["mentee"]
    pk = mentee.pk
    context = page.context
    # The phone's clock is the run's clock (tests may pin it with --clock).
    context.clock.install(time=_now())
    sign_in_browser(page, mentor_user)

    page.goto(PAGE)
    page.wait_for_selector("#my-mentees[data-offline='ready']")
    kept = _wait_kept_after(page, None)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Online: the tap is saved at once, the card is swapped in without a page load.
    page.evaluate("window.notReloaded = true")
    page.get_by_test_id(f"tick-{pk}-vneid").click()
    page.get_by_test_id(f"done-{pk}-vneid").wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert Completion.objects.filter(resident=mentee, lesson__code="vneid").exists()
    kept = _wait_kept_after(page, kept)

    # Offline: a tick and an undo wait on the phone. (Times of the taps are read on the
    # phone's clock, times of arrival on the server's: each is compared with its own clock.)
    went_offline_at = _phone_now(page)
    context.set_offline(True)
    page.get_by_test_id("offline").wait_for()
    page.get_by_test_id(f"tick-{pk}-dvc").click()
    page.wait_for_selector("[data-testid='queue-count']:text-is('1')")
    page.get_by_test_id(f"undo-{pk}-scams").click()
    page.wait_for_selector("[data-testid='queue-count']:text-is('2')")
    assert "is-waiting" in page.get_by_test_id(f"tick-{pk}-dvc").get_attribute("class")
    page.screenshot(path=str(artifacts_dir / "mentor-phone-offline.png"), full_page=True)

    # Reload, then close the tab and open the page again, still offline: it opens from the
    # service worker's copy and the queue is still there.
    page.reload()
    page.wait_for_selector("[data-testid='queue-count']:text-is('2')")
    page.get_by_test_id(f"done-{pk}-vneid").wait_for()
    page.close()
    page = context.new_page()
    page.goto(PAGE)
    page.wait_for_selector("[data-testid='queue-count']:text-is('2')")
    assert "is-waiting" in page.get_by_test_id(f"undo-{pk}-scams").get_attribute("class")
    assert Tick.objects.count() == 2  # nothing of the offline taps arrived
    assert not Completion.objects.filter(resident=mentee, lesson__code="dvc").exists()

    # Back online: the queue is sent in order, the page shows the server's state.
    came_back_at = _phone_now(page)
    went_online_at = _now()
    context.set_offline(False)
    page.wait_for_selector("[data-testid='queue-status']", state="hidden")
    page.get_by_test_id(f"done-{pk}-dvc").wait_for()
    page.get_by_test_id(f"tick-{pk}-scams").wait_for()
    page.screenshot(path=str(artifacts_dir / "mentor-phone-back-online.png"), full_page=True)

    ticks = {t.lesson.code: t for t in Tick.objects.select_related("lesson")}
    assert sorted(ticks) == ["dvc", "scams", "vneid"]
    assert Tick.objects.count() == 3  # each tap once
    assert went_offline_at < ticks["dvc"].ticked_at < came_back_at
    assert ticks["dvc"].received_at >= went_online_at
    assert went_offline_at < ticks["scams"].undone_at < came_back_at
    assert ticks["scams"].undo_received_at >= went_online_at
    assert ticks["vneid"].undone_at is None and ticks["dvc"].undone_at is None
    done = set(Completion.objects.filter(resident=mentee).values_list("lesson__code", flat=True))
    assert done == {"vneid", "dvc"}
    assert Completion.objects.get(resident=mentee, lesson__code="dvc").completed_at == (
        ticks["dvc"].ticked_at
    )


def test_without_background_sync_the_page_sends_the_queue_when_the_connection_returns(
    page, live_server, sign_in_browser, mentor_user, mentee_world
):
    """Browsers without Background Sync (Firefox, Safari): the page itself sends the queue."""
    mentee = mentee_world["mentee"]
    context = page.context
    context.add_init_script("delete ServiceWorkerRegistration.prototype.sync;")
    context.clock.install(time=_now())
    sign_in_browser(page, mentor_user)
    page.goto(PAGE)
    page.wait_for_selector("#my-mentees[data-offline='ready']")
    _wait_kept_after(page, None)
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.sync === undefined)")

    context.set_offline(True)
    page.get_by_test_id(f"tick-{mentee.pk}-vneid").click()
    page.wait_for_selector("[data-testid='queue-count']:text-is('1')")
    context.set_offline(False)

    page.get_by_test_id(f"done-{mentee.pk}-vneid").wait_for()
    page.wait_for_selector("[data-testid='queue-status']", state="hidden")
    assert Tick.objects.filter(lesson__code="vneid").count() == 1
    assert Completion.objects.filter(resident=mentee, lesson__code="vneid").exists()


def test_a_queued_tick_the_server_refuses_leaves_the_queue_and_the_mentor_is_told(
    page, live_server, sign_in_browser, mentor_user, mentee_world
):
    """The mentee was given to another mentor while the phone was offline: the tick answers 404
    when it arrives, so it is not sent again; the page says one tap was not accepted."""
    from mentors.services.assignments import assignment_end

    mentee = mentee_world["mentee"]
    context = page.context
    context.clock.install(time=_now())
    sign_in_browser(page, mentor_user)
    page.goto(PAGE)
    page.wait_for_selector("#my-mentees[data-offline='ready']")
    _wait_kept_after(page, None)

    context.set_offline(True)
    page.get_by_test_id(f"tick-{mentee.pk}-vneid").click()
    page.wait_for_selector("[data-testid='queue-count']:text-is('1')")
    assignment_end(assignment=mentee.mentor_assignments.get(), by=None)
    context.set_offline(False)

    page.get_by_test_id("refused-status").wait_for()
    assert page.get_by_test_id("refused-status").locator("strong").inner_text() == "1"
    page.wait_for_selector("[data-testid='queue-status']", state="hidden")
    page.get_by_test_id(f"mentee-{mentee.pk}").wait_for(state="detached")
    assert not Tick.objects.filter(lesson__code="vneid").exists()
    assert page.evaluate("MentorQueue.count()") == 0


def test_a_tap_whose_request_fails_is_sent_again_with_the_same_key(
    page, live_server, sign_in_browser, mentor_user, mentee_world
):
    """The connection drops during the request (the phone still thinks it is online): the tap
    is queued and sent again; the server gets the same key twice and stores one tick."""
    from urllib.parse import parse_qs

    mentee = mentee_world["mentee"]
    context = page.context
    context.clock.install(time=_now())
    sign_in_browser(page, mentor_user)
    page.goto(PAGE)
    page.wait_for_selector("#my-mentees[data-offline='ready']")

    attempts: list[dict] = []

    def drop_the_first(route):
        attempts.append(parse_qs(route.request.post_data))
        if len(attempts) == 1:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    context.route("**/mentors/me/mentees/*/tick/", drop_the_first)
    page.get_by_test_id(f"tick-{mentee.pk}-vneid").click()
    page.get_by_test_id(f"done-{mentee.pk}-vneid").wait_for()

    assert len(attempts) == 2
    assert attempts[0]["key"] == attempts[1]["key"]
    assert attempts[0]["ticked_at"] == attempts[1]["ticked_at"]
    assert Tick.objects.filter(key=attempts[0]["key"][0]).count() == 1
    assert Completion.objects.filter(resident=mentee).count() == 2  # vneid and the recent one


def test_signing_out_forgets_the_page_kept_for_offline_use(
    page, live_server, sign_in_browser, mentor_user, mentee_world
):
    """A shared phone: after sign-out, the mentees' names are gone from the offline copy."""
    sign_in_browser(page, mentor_user)
    page.goto(PAGE)
    page.wait_for_selector("#my-mentees[data-offline='ready']")
    _wait_kept_after(page, None)
    kept_urls = (
        "caches.keys().then(names => Promise.all(names.map(n => caches.open(n)"
        ".then(c => c.keys())))).then(lists => lists.flat().map(r => new URL(r.url).pathname))"
    )
    assert PAGE in page.evaluate(kept_urls)
    with page.expect_navigation():
        page.evaluate("document.querySelector('form.logout').requestSubmit()")
    # The worker answers the page offline only from these caches: nothing kept, nothing shown.
    assert PAGE not in page.evaluate(kept_urls)
