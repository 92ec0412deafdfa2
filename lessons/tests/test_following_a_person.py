"""Finding and following a person: progress by track with what is left for "trained", the
attendance sheet of a held class, and a calendar that opens on this month (Vietnam time)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import Track
from lessons.services.classes import class_create
from lessons.tests.dates import PAST_MONTH

from .factories import LessonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hamlet(ward_a):
    return HamletFactory(ward=ward_a, name="Khu phố 3")


@pytest.fixture
def people(hamlet):
    household = HouseholdFactory(hamlet=hamlet, code="KP3-001")
    return [
        ResidentFactory(household=household, full_name=name)
        for name in ("An Văn Một", "Bình Thị Hai", "Cường Văn Ba")
    ]


@pytest.fixture
def curriculum(db):
    return {
        "extra": LessonFactory(code="x", title_vi="Bài thêm", track=Track.EXTRA, order=1),
        "four_t": LessonFactory(code="t", title_vi="Bán hàng online", track=Track.FOUR_T, order=2),
        "vneid": LessonFactory(code="c1", title_vi="Cài VNeID", track=Track.CORE, order=3),
        "dvc": LessonFactory(code="c2", title_vi="Dịch vụ công", track=Track.CORE, order=4),
    }


def _last_month(day: int, hour: int = 18) -> datetime.datetime:
    last_month = PAST_MONTH
    return timezone.make_aware(
        datetime.datetime.combine(last_month.replace(day=day), datetime.time(hour, 0))
    )


def test_resident_page_links_to_their_lesson_progress(login, ward_official, people):
    response = login(ward_official).get(reverse("households:resident_detail", args=[people[0].pk]))
    progress = reverse("lessons:resident_progress", args=[people[0].pk])
    assert f'href="{progress}" data-testid="resident-progress"' in response.content.decode()


def test_progress_page_says_which_core_lessons_are_left_for_trained(
    login, ward_official, hamlet, people, curriculum
):
    class_create(
        by=ward_official,
        hamlet=hamlet,
        starts_at=_last_month(10),
        lessons=[curriculum["vneid"], curriculum["four_t"]],
        attendees=people[:1],
    )
    response = login(ward_official).get(reverse("lessons:resident_progress", args=[people[0].pk]))
    assert [lesson.code for lesson in response.context["core_left"]] == ["c2"]
    html = response.content.decode()
    left = html[html.index('data-testid="left-for-trained"') :]
    assert "Dịch vụ công" in left[: left.index("</div>")]
    assert "Cài VNeID" not in left[: left.index("</div>")]


def test_progress_page_of_a_trained_person_has_nothing_left(
    login, ward_official, hamlet, people, curriculum
):
    class_create(
        by=ward_official,
        hamlet=hamlet,
        starts_at=_last_month(10),
        lessons=[curriculum["vneid"], curriculum["dvc"]],
        attendees=people[:1],
    )
    response = login(ward_official).get(reverse("lessons:resident_progress", args=[people[0].pk]))
    assert response.context["core_left"] == []
    assert 'data-testid="left-for-trained"' not in response.content.decode()


def test_progress_is_grouped_by_track_with_the_core_lessons_first_and_marked(
    login, ward_official, people, curriculum
):
    response = login(ward_official).get(reverse("lessons:resident_progress", args=[people[0].pk]))
    groups = response.context["groups"]
    assert [group.track for group in groups] == [Track.CORE, Track.FOUR_T, Track.EXTRA]
    assert [row["lesson"].code for row in groups[0].lessons] == ["c1", "c2"]
    html = response.content.decode()
    assert html.index('data-testid="progress-core"') < html.index('data-testid="progress-extra"')
    assert html.count('class="badge core"') == 1


def test_sheet_of_a_held_class_ticks_who_came_and_lists_other_hamlets_attendees(
    login, ward_official, ward_a, hamlet, people, curriculum
):
    visitor = ResidentFactory(
        household=HouseholdFactory(hamlet=HamletFactory(ward=ward_a, name="Ấp 7"), code="A7-9"),
        full_name="Đặng Khách Xa",
    )
    session = class_create(
        by=ward_official,
        hamlet=hamlet,
        starts_at=_last_month(10),
        lessons=[curriculum["vneid"]],
        attendees=[people[0], visitor],
    )
    response = login(ward_official).get(reverse("lessons:class_sheet", args=[session.pk]))
    rows = {row.full_name: row.attended for row in response.context["rows"]}
    assert rows == {
        "An Văn Một": True,
        "Bình Thị Hai": False,
        "Cường Văn Ba": False,
        "Đặng Khách Xa": True,
    }
    html = response.content.decode()
    assert html.count('data-testid="ticked"') == 2
    assert "A7-9 · Ấp 7" in html
    assert 'class="blank"' not in html


def test_sheet_of_a_class_not_held_yet_stays_blank_for_ticking_by_hand(
    login, ward_official, hamlet, people, curriculum
):
    session = class_create(
        by=ward_official, hamlet=hamlet, starts_at=_last_month(10), lessons=[curriculum["vneid"]]
    )
    response = login(ward_official).get(reverse("lessons:class_sheet", args=[session.pk]))
    html = response.content.decode()
    assert 'data-testid="ticked"' not in html
    assert html.count('class="blank"') == 10
    assert "onclick" not in html


def test_sheet_reads_a_fixed_number_of_queries(
    login, ward_official, hamlet, people, curriculum, django_assert_max_num_queries
):
    session = class_create(
        by=ward_official,
        hamlet=hamlet,
        starts_at=_last_month(10),
        lessons=[curriculum["vneid"]],
        attendees=people,
    )
    client = login(ward_official)
    url = reverse("lessons:class_sheet", args=[session.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    more = [ResidentFactory(household=people[0].household) for _ in range(5)]
    class_create(
        by=ward_official,
        hamlet=HamletFactory(ward=hamlet.ward, name="Khu phố 8"),
        starts_at=_last_month(11),
        lessons=[curriculum["vneid"]],
        attendees=more,
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_calendar_opens_on_the_current_month_in_vietnam_time(login, ward_official):
    # 00:05 on 1 January in Vietnam is still 31 December in UTC.
    with time_machine.travel(datetime.datetime.fromisoformat("2027-01-01T00:05+07:00")):
        response = login(ward_official).get(reverse("lessons:class_calendar"))
    assert response.context["month"] == datetime.date(2027, 1, 1)


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1899-12"])
def test_a_month_at_the_edge_of_the_calendar_opens_the_current_month(login, ward_official, month):
    with time_machine.travel(datetime.datetime.fromisoformat("2026-10-15T12:00+07:00")):
        response = login(ward_official).get(reverse("lessons:class_calendar"), {"month": month})
    assert response.status_code == 200
    assert response.context["month"] == datetime.date(2026, 10, 1)


def test_empty_month_says_when_and_where_the_latest_class_was(
    login, ward_official, hamlet, curriculum
):
    latest = class_create(
        by=ward_official, hamlet=hamlet, starts_at=_last_month(12), lessons=[curriculum["vneid"]]
    )
    class_create(
        by=ward_official, hamlet=hamlet, starts_at=_last_month(3), lessons=[curriculum["vneid"]]
    )
    month_after = (PAST_MONTH + datetime.timedelta(days=32)).replace(day=1)
    response = login(ward_official).get(
        reverse("lessons:class_calendar"), {"month": month_after.strftime("%Y-%m")}
    )
    assert response.context["latest"] == latest
    html = response.content.decode()
    local = timezone.localtime(latest.starts_at)
    assert f"{local:%d/%m/%Y} 18:00" in html
    assert f'href="?month={local:%Y-%m}&amp;ward=&amp;hamlet="' in html


def test_calendar_with_no_class_at_all_says_so(login, ward_official):
    response = login(ward_official).get(reverse("lessons:class_calendar"))
    assert response.context["latest"] is None
    assert 'data-testid="empty-month"' in response.content.decode()


def test_class_filters_apply_without_inline_scripts(login, ward_official, hamlet, curriculum):
    class_create(
        by=ward_official, hamlet=hamlet, starts_at=_last_month(12), lessons=[curriculum["vneid"]]
    )
    html = login(ward_official).get(reverse("lessons:class_list")).content.decode()
    assert "data-autosubmit" in html
    assert "onchange" not in html
