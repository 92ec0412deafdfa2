"""A class saved twice (same hamlet, start time and lessons) is caught on the server: the form
comes back with a warning and a link to the saved class, and only "save as a separate class"
makes a second one. Dates are typed dd/mm/yyyy hh:mm."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from households.tests.factories import HamletFactory
from lessons.models import ClassSession, Track
from lessons.services.classes import class_create
from lessons.tests.dates import PAST_MONTH

from .factories import LessonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hamlet(ward_a):
    return HamletFactory(ward=ward_a, name="Khu phố 3")


@pytest.fixture
def lessons(db):
    return LessonFactory.create_batch(3)


@pytest.fixture
def starts_at():
    """18:30 Vietnam time on the 10th of last month: always in the past."""
    last_month = PAST_MONTH
    return timezone.make_aware(
        datetime.datetime.combine(last_month.replace(day=10), datetime.time(18, 30))
    )


@pytest.fixture
def saved(ward_official, hamlet, lessons, starts_at):
    return class_create(by=ward_official, hamlet=hamlet, starts_at=starts_at, lessons=lessons[:2])


def _form(hamlet, lessons, starts_at, **extra) -> dict:
    return {
        "starts_at": timezone.localtime(starts_at).strftime("%d/%m/%Y %H:%M"),
        "hamlet": hamlet.pk,
        "lessons": [lesson.pk for lesson in lessons],
        **extra,
    }


def test_same_hamlet_time_and_lessons_is_not_saved_without_confirmation(
    login, ward_official, hamlet, lessons, starts_at, saved
):
    response = login(ward_official).post(
        reverse("lessons:class_create"), _form(hamlet, reversed(lessons[:2]), starts_at)
    )
    assert response.status_code == 200
    assert ClassSession.objects.count() == 1
    html = response.content.decode()
    assert 'data-testid="duplicate-warning"' in html
    assert f'href="{reverse("lessons:class_detail", args=[saved.pk])}"' in html
    assert [c.pk for c in response.context["duplicates"]] == [saved.pk]


def test_save_anyway_makes_a_separate_class(
    login, ward_official, hamlet, lessons, starts_at, saved
):
    response = login(ward_official).post(
        reverse("lessons:class_create"),
        _form(hamlet, lessons[:2], starts_at, confirm_duplicate="1"),
    )
    assert response.status_code == 302
    assert ClassSession.objects.count() == 2


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"lessons": slice(0, 1)}, id="fewer-lessons"),
        pytest.param({"lessons": slice(0, 3)}, id="more-lessons"),
        pytest.param({"minutes": 30}, id="another-time"),
    ],
)
def test_a_different_class_is_saved_without_a_warning(
    login, ward_official, hamlet, lessons, starts_at, saved, change
):
    when = starts_at + datetime.timedelta(minutes=change.get("minutes", 0))
    chosen = lessons[change.get("lessons", slice(0, 2))]
    response = login(ward_official).post(
        reverse("lessons:class_create"), _form(hamlet, chosen, when)
    )
    assert response.status_code == 302
    assert ClassSession.objects.count() == 2


def test_another_hamlet_at_the_same_time_is_not_a_duplicate(
    login, ward_official, ward_a, lessons, starts_at, saved
):
    other = HamletFactory(ward=ward_a, name="Khu phố 4")
    response = login(ward_official).post(
        reverse("lessons:class_create"), _form(other, lessons[:2], starts_at)
    )
    assert response.status_code == 302


def test_editing_a_class_into_a_copy_of_another_warns(
    login, ward_official, hamlet, lessons, starts_at, saved
):
    other = class_create(
        by=ward_official,
        hamlet=hamlet,
        starts_at=starts_at + datetime.timedelta(days=1),
        lessons=lessons[:2],
    )
    client = login(ward_official)
    url = reverse("lessons:class_edit", args=[other.pk])
    response = client.post(url, _form(hamlet, lessons[:2], starts_at))
    assert response.status_code == 200
    assert [c.pk for c in response.context["duplicates"]] == [saved.pk]
    other.refresh_from_db()
    assert other.starts_at != starts_at


def test_saving_a_class_unchanged_is_not_a_duplicate_of_itself(
    login, ward_official, hamlet, lessons, starts_at, saved
):
    response = login(ward_official).post(
        reverse("lessons:class_edit", args=[saved.pk]), _form(hamlet, lessons[:2], starts_at)
    )
    assert response.status_code == 302


def test_start_time_is_read_day_first_in_24_hours(login, ward_official, hamlet, lessons):
    response = login(ward_official).post(
        reverse("lessons:class_create"),
        {"starts_at": "05/03/2026 18:30", "hamlet": hamlet.pk, "lessons": [lessons[0].pk]},
    )
    assert response.status_code == 302
    local = timezone.localtime(ClassSession.objects.get().starts_at)
    assert (local.day, local.month, local.hour, local.minute) == (5, 3, 18, 30)


def test_a_month_first_date_is_refused_with_the_expected_format(
    login, ward_official, hamlet, lessons
):
    response = login(ward_official).post(
        reverse("lessons:class_create"),
        {"starts_at": "03/25/2026 6:30 PM", "hamlet": hamlet.pk, "lessons": [lessons[0].pk]},
    )
    assert response.status_code == 200
    assert "dd/mm/yyyy hh:mm" in " ".join(response.context["form"].errors["starts_at"])
    assert not ClassSession.objects.exists()


def test_the_form_shows_the_start_time_as_day_month_year(login, ward_official, saved):
    response = login(ward_official).get(reverse("lessons:class_edit", args=[saved.pk]))
    local = timezone.localtime(saved.starts_at)
    assert f'value="{local:%d/%m/%Y} 18:30"' in response.content.decode()
    assert 'type="datetime-local"' not in response.content.decode()


def test_lessons_on_the_form_are_grouped_by_track_core_first_and_marked(
    login, ward_official, hamlet
):
    LessonFactory(code="z-extra", track=Track.EXTRA, order=1)
    LessonFactory(code="m-4t", track=Track.FOUR_T, order=2)
    LessonFactory(code="a-core", track=Track.CORE, order=3)
    response = login(ward_official).get(reverse("lessons:class_create"))
    groups = response.context["form"].lesson_groups()
    assert [group.track for group in groups] == [Track.CORE, Track.FOUR_T, Track.EXTRA]
    html = response.content.decode()
    assert html.index('data-testid="lessons-core"') < html.index('data-testid="lessons-4t"')
    assert 'class="badge core"' in html
