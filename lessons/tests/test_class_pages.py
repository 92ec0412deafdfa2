"""Class pages: logging a class in the browser form, the picker's JSON, list/calendar/sheet."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import ClassSession, Completion
from lessons.services.classes import class_create
from lessons.tests.dates import PAST_MONTH

from .factories import LessonFactory


@pytest.fixture
def hamlet(ward_a):
    return HamletFactory(ward=ward_a, name="Khu phố 3")


@pytest.fixture
def people(hamlet):
    household = HouseholdFactory(hamlet=hamlet)
    names = ["Nguyễn Thị Hòa", "Trần Văn Đạt", "Lê Thị Lan"]
    return [ResidentFactory(household=household, full_name=name) for name in names]


@pytest.fixture
def lessons(db):
    return LessonFactory.create_batch(2)


def _form(hamlet, lessons, people, **extra):
    data = {
        "starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "hamlet": hamlet.pk,
        "venue": "Công viên Phú Cường",
        "lessons": [lesson.pk for lesson in lessons],
        "attendees": [person.pk for person in people],
    }
    data.update(extra)
    return data


def test_official_logs_a_class_and_every_attendee_completes_its_lessons(
    login, ward_official, hamlet, people, lessons
):
    client = login(ward_official)
    response = client.post(reverse("lessons:class_create"), _form(hamlet, lessons, people))
    session = ClassSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("lessons:class_detail", args=[session.pk])
    assert session.ward_id == hamlet.ward_id
    assert session.created_by == ward_official
    assert Completion.objects.filter(class_session=session).count() == len(people) * len(lessons)


def test_class_form_defaults_to_now_and_the_officials_only_hamlet(
    login, ward_official, hamlet, people, lessons, frozen_clock
):
    response = login(ward_official).get(reverse("lessons:class_create"))
    form = response.context["form"]
    assert form.initial["hamlet"] == hamlet.pk
    assert form.initial["starts_at"] == timezone.localtime().replace(second=0, microsecond=0)
    assert form.initial["facilitators"] == [ward_official.pk]
    assert {p["id"] for p in response.context["roster"]} == {p.pk for p in people}


def test_attendee_from_another_ward_is_a_form_error_and_nothing_is_stored(
    login, ward_official, ward_b, hamlet, people, lessons
):
    stranger = ResidentFactory(ward=ward_b, full_name="Người Phường Khác")
    response = login(ward_official).post(
        reverse("lessons:class_create"), _form(hamlet, lessons, [*people, stranger])
    )
    assert response.status_code == 200
    assert "attendees" in response.context["form"].errors
    assert not ClassSession.objects.exists()
    assert not Completion.objects.exists()


def test_class_without_lessons_is_refused_with_a_clear_message(
    login, ward_official, hamlet, people
):
    response = login(ward_official).post(reverse("lessons:class_create"), _form(hamlet, [], people))
    assert response.status_code == 200
    assert response.context["form"].errors["lessons"]
    assert not ClassSession.objects.exists()


def test_editing_out_an_attendee_withdraws_their_completions(
    login, ward_official, hamlet, people, lessons
):
    client = login(ward_official)
    client.post(reverse("lessons:class_create"), _form(hamlet, lessons, people))
    session = ClassSession.objects.get()
    data = _form(hamlet, lessons, people[1:])
    data["starts_at"] = timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("lessons:class_edit", args=[session.pk]), data)
    assert response.status_code == 302
    assert not Completion.objects.filter(resident=people[0]).exists()
    assert Completion.objects.filter(resident__in=people[1:]).count() == 2 * len(lessons)


def test_deleting_a_class_withdraws_its_completions(login, ward_official, hamlet, people, lessons):
    client = login(ward_official)
    client.post(reverse("lessons:class_create"), _form(hamlet, lessons, people))
    session = ClassSession.objects.get()
    response = client.post(reverse("lessons:class_delete", args=[session.pk]))
    assert response.status_code == 302
    assert not ClassSession.objects.exists()
    assert not Completion.objects.exists()


def test_provincial_staff_read_classes_but_cannot_log_one(
    login, provincial_user, ward_official, hamlet, people, lessons
):
    session = class_create(
        by=ward_official,
        hamlet=hamlet,
        starts_at=timezone.now(),
        lessons=lessons,
        attendees=people,
    )
    client = login(provincial_user)
    assert client.get(reverse("lessons:class_detail", args=[session.pk])).status_code == 200
    assert client.get(reverse("lessons:class_create")).status_code == 403
    assert client.get(reverse("lessons:class_edit", args=[session.pk])).status_code == 404


def test_search_finds_residents_without_accents_only_in_the_officials_ward(
    login, ward_official, ward_b, people
):
    ResidentFactory(ward=ward_b, full_name="Nguyễn Thị Hòa Bình")
    response = login(ward_official).get(reverse("lessons:attendee_search"), {"q": "thi hoa"})
    assert [r["id"] for r in response.json()["results"]] == [people[0].pk]
    assert response.json()["results"][0]["hamlet"] == "Khu phố 3"


def test_search_folds_the_letter_d_with_stroke(login, ward_official, people):
    response = login(ward_official).get(reverse("lessons:attendee_search"), {"q": "van dat"})
    assert [r["name"] for r in response.json()["results"]] == ["Trần Văn Đạt"]


def test_hamlet_roster_lists_the_hamlets_residents(login, ward_official, ward_a, hamlet, people):
    next_hamlet = HouseholdFactory(hamlet=HamletFactory(ward=ward_a, name="Khu phố 4"))
    ResidentFactory(household=next_hamlet, full_name="Lê Thị Hoa")  # same ward, another hamlet
    ResidentFactory(ward=ward_a, full_name="Lê Thị Huệ")  # no household yet
    response = login(ward_official).get(reverse("lessons:hamlet_roster", args=[hamlet.pk]))
    assert {r["id"] for r in response.json()["results"]} == {p.pk for p in people}
    assert response.json()["next"] is None


def test_a_large_hamlets_roster_comes_a_page_at_a_time(
    login, ward_official, hamlet, people, monkeypatch
):
    monkeypatch.setattr("lessons.selectors.classes.ROSTER_PAGE_SIZE", 2)
    client = login(ward_official)
    url = reverse("lessons:hamlet_roster", args=[hamlet.pk])
    by_name = sorted(people, key=lambda p: (p.name_folded, p.pk))
    first = client.get(url).json()
    assert [r["id"] for r in first["results"]] == [p.pk for p in by_name[:2]]
    assert first["next"] == 2
    second = client.get(url, {"page": first["next"]}).json()
    assert ([r["id"] for r in second["results"]], second["next"]) == ([by_name[2].pk], None)


def test_class_form_shows_the_first_page_and_whoever_is_ticked(
    login, ward_official, hamlet, people, lessons, monkeypatch, frozen_clock
):
    monkeypatch.setattr("lessons.selectors.classes.ROSTER_PAGE_SIZE", 2)
    by_name = sorted(people, key=lambda p: (p.name_folded, p.pk))
    session = class_create(
        by=ward_official,
        hamlet=hamlet,
        starts_at=timezone.now(),
        lessons=lessons,
        attendees=[by_name[2]],
    )
    response = login(ward_official).get(reverse("lessons:class_edit", args=[session.pk]))
    roster = response.context["roster"]
    assert [p["id"] for p in roster] == [by_name[2].pk, by_name[0].pk, by_name[1].pk]
    assert roster[0]["checked"] and response.context["roster_has_more"]
    assert 'data-testid="roster-more"' in response.content.decode()


def _three_classes(by, hamlet, lessons, people):
    """Three evening classes (18:00 Vietnam time) on the 15th, 14th and 13th of last month:
    always in the past, always in one month."""
    last_month = PAST_MONTH
    base = timezone.make_aware(
        datetime.datetime.combine(last_month.replace(day=15), datetime.time(18, 0))
    )
    return [
        class_create(
            by=by,
            hamlet=hamlet,
            starts_at=base - datetime.timedelta(days=i),
            lessons=lessons,
            attendees=people,
            venue=f"Địa điểm {i}",
        )
        for i in range(3)
    ]


def test_class_list_uses_a_fixed_number_of_queries(
    login, ward_official, hamlet, people, lessons, django_assert_max_num_queries
):
    _three_classes(ward_official, hamlet, lessons, people)
    client = login(ward_official)
    with django_assert_max_num_queries(12) as few:
        response = client.get(reverse("lessons:class_list"))
    assert response.content.decode().count('class="card class-item"') == 3
    _three_classes(ward_official, HamletFactory(ward=hamlet.ward), lessons, people)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("lessons:class_list"))
    assert response.content.decode().count('class="card class-item"') == 6


def test_calendar_puts_each_class_on_its_day(login, ward_official, hamlet, people, lessons):
    classes = _three_classes(ward_official, hamlet, lessons, people)
    month = timezone.localtime(classes[0].starts_at).strftime("%Y-%m")
    response = login(ward_official).get(reverse("lessons:class_calendar"), {"month": month})
    days = {
        day["date"]: [c.pk for c in day["classes"]]
        for week in response.context["weeks"]
        for day in week
    }
    for session in classes:
        assert session.pk in days[timezone.localtime(session.starts_at).date()]


def test_attendance_sheet_lists_the_hamlets_residents_with_boxes(
    login, ward_official, hamlet, people, lessons
):
    session = class_create(
        by=ward_official, hamlet=hamlet, starts_at=timezone.now(), lessons=lessons
    )
    body = login(ward_official).get(reverse("lessons:class_sheet", args=[session.pk]))
    html = body.content.decode()
    for person in people:
        assert person.full_name in html
    assert html.count('class="box"') == len(people) + 10


def test_progress_page_shows_completed_lessons_and_trained_state(
    login, ward_official, hamlet, people, lessons
):
    session = class_create(
        by=ward_official,
        hamlet=hamlet,
        starts_at=timezone.now(),
        lessons=lessons[:1],
        attendees=people[:1],
    )
    response = login(ward_official).get(reverse("lessons:resident_progress", args=[people[0].pk]))
    rows = {row["lesson"].pk: row["completion"] for row in response.context["rows"]}
    assert rows[lessons[0].pk].class_session == session
    assert rows[lessons[1].pk] is None
    assert (response.context["core_done"], response.context["core_total"]) == (1, 2)
    assert 'class="badge not-trained" data-testid="trained"' in response.content.decode()
