"""The mentor's phone page, "My mentees": who is on it, their progress and next lesson."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse

from households.tests.factories import HouseholdFactory, ResidentFactory
from lessons.models import Track
from lessons.services.completions import completion_record
from lessons.tests.factories import LessonFactory
from literacy.accounts.roles import Role
from mentors.services.assignments import assignment_end
from mentors.services.ticks import tick_record

from .factories import AssignmentFactory, MentorFactory

#: Dates here are compared across calls: the clock stands still during each test.
pytestmark = pytest.mark.usefixtures("frozen_clock")

URL = reverse("mentors:my_mentees")


def _mentee_of(mentor, hamlet, name: str):
    resident = ResidentFactory(household=HouseholdFactory(hamlet=hamlet), full_name=name)
    AssignmentFactory(mentor=mentor, mentee=resident)
    return resident


def test_mentor_sees_each_active_mentee_with_progress_and_the_next_lesson(
    login, mentor_user, mentor, mentee, hamlet_a, lessons, provincial_user
):
    extra = LessonFactory(code="market", track=Track.FOUR_T, title_vi="Chợ số")
    completion_record(resident=mentee, lesson=lessons[0], by=provincial_user, source="mentor")
    trained = _mentee_of(mentor, hamlet_a, "Đã Học Xong")
    for lesson in lessons:
        completion_record(resident=trained, lesson=lesson, by=provincial_user, source="mentor")

    response = login(mentor_user).get(URL)

    assert response.status_code == 200
    cards = {card.resident.full_name: card for card in response.context["cards"]}
    assert set(cards) == {"Trần Thị Học Trò", "Đã Học Xong"}
    learning = cards["Trần Thị Học Trò"]
    assert (learning.core_done, learning.core_total) == (1, 2)
    assert learning.next_lesson == lessons[1]
    assert not learning.resident.is_trained
    assert cards["Đã Học Xong"].resident.is_trained
    # Core lessons make a person trained: they come before the 4T lesson.
    assert cards["Đã Học Xong"].next_lesson == extra
    html = response.content.decode()
    assert f'id="progress-{mentee.pk}" class="progress" max="2" value="1"' in html
    assert f'data-testid="tick-{mentee.pk}-scams"' in html


def test_the_next_lesson_video_is_one_tap_away(login, mentor_user, mentee, lessons):
    lessons[0].video.name = "lessons/videos/vneid.webm"
    lessons[0].save()
    response = login(mentor_user).get(URL)
    video = reverse("lessons:lesson_video", args=[lessons[0].pk])
    assert f'href="{video}" data-testid="watch-{mentee.pk}"' in response.content.decode()


def test_page_lists_no_one_else(login, mentor_user, mentor, mentee, hamlet_a, ward_a, lessons):
    other_mentor = MentorFactory(home_hamlet=hamlet_a)
    _mentee_of(other_mentor, hamlet_a, "Người Của Người Khác")
    ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a), full_name="Chưa Có Ai")
    former = _mentee_of(mentor, hamlet_a, "Đã Chuyển Đi")
    assignment_end(assignment=former.mentor_assignments.get(), by=mentor_user)

    html = login(mentor_user).get(URL).content.decode()

    assert "Trần Thị Học Trò" in html
    for name in ("Người Của Người Khác", "Chưa Có Ai", "Đã Chuyển Đi"):
        assert name not in html


@pytest.mark.parametrize("role", [Role.PROVINCIAL, Role.WARD_OFFICIAL, Role.TEAM_LEAD])
def test_only_mentors_have_a_phone_page(login, make_user, ward_a, role):
    user = make_user(f"not-a-mentor-{role}", role, wards=[ward_a])
    assert login(user).get(URL).status_code == 403


def test_query_count_is_the_same_for_one_mentee_or_twenty(
    login,
    mentor_user,
    mentor,
    mentee,
    hamlet_a,
    lessons,
    provincial_user,
    django_assert_max_num_queries,
):
    client = login(mentor_user)
    client.get(URL)  # the session's first write is not the page's
    tick_record(
        mentor_user=mentor_user,
        resident=mentee,
        lesson=lessons[0],
        key=uuid.uuid4(),
        ticked_at=datetime.datetime.now(datetime.UTC),
    )
    with django_assert_max_num_queries(1000) as one:
        client.get(URL)
    for number in range(19):
        resident = _mentee_of(mentor, hamlet_a, f"Học Viên {number:02d}")
        completion_record(resident=resident, lesson=lessons[1], by=provincial_user, source="mentor")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert len(response.context["cards"]) == 20


def test_a_mentor_finds_the_page_on_the_home_page_and_in_the_menu(login, mentor_user):
    html = login(mentor_user).get(reverse("home")).content.decode()
    assert f'<a class="button" href="{URL}" data-testid="my-mentees-link">' in html
    assert f'<a href="{URL}">Người tôi hướng dẫn</a>' in html


def test_other_roles_have_no_phone_page_link(login, ward_official):
    assert URL not in login(ward_official).get(reverse("home")).content.decode()
