"""/api/v1/classes/ and /api/v1/completions/: scoped reads, validated writes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.models import ClassSession, Completion

from .factories import LessonFactory


@pytest.fixture
def hamlet(ward_a):
    return HamletFactory(ward=ward_a, name="Ấp 2")


@pytest.fixture
def people(hamlet):
    return ResidentFactory.create_batch(3, household=HouseholdFactory(hamlet=hamlet))


@pytest.fixture
def lessons(db):
    return LessonFactory.create_batch(2)


def _payload(hamlet, lessons, people, **extra):
    return {
        "hamlet": hamlet.pk,
        "starts_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
        "venue": "Nhà văn hóa",
        "lessons": [lesson.pk for lesson in lessons],
        "attendees": [person.pk for person in people],
        **extra,
    }


def test_official_creates_a_class_in_their_ward_with_completions(
    login, ward_official, hamlet, people, lessons
):
    response = login(ward_official).post(
        "/api/v1/classes/", _payload(hamlet, lessons, people), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ward"] == hamlet.ward_id
    assert sorted(body["attendees"]) == sorted(p.pk for p in people)
    assert Completion.objects.count() == len(people) * len(lessons)


@pytest.mark.parametrize("field", ["hamlet", "attendees", "facilitators"])
def test_ids_from_another_ward_are_a_400_and_nothing_is_stored(
    login, ward_official, other_ward_official, ward_b, hamlet, people, lessons, field
):
    foreign = {
        "hamlet": HamletFactory(ward=ward_b, name="Ấp ngoài").pk,
        "attendees": [ResidentFactory(ward=ward_b).pk],
        "facilitators": [other_ward_official.pk],
    }
    payload = {**_payload(hamlet, lessons, people), field: foreign[field]}
    response = login(ward_official).post(
        "/api/v1/classes/", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not ClassSession.objects.exists()
    assert not Completion.objects.exists()


def test_patch_removing_an_attendee_withdraws_their_completions(
    login, ward_official, hamlet, people, lessons
):
    client = login(ward_official)
    created = client.post(
        "/api/v1/classes/", _payload(hamlet, lessons, people), content_type="application/json"
    ).json()
    response = client.patch(
        f"/api/v1/classes/{created['id']}/",
        {"attendees": [people[0].pk]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert set(Completion.objects.values_list("resident_id", flat=True)) == {people[0].pk}
    assert ClassSession.objects.get().venue == "Nhà văn hóa"  # untouched fields kept


def test_completions_per_resident_show_how_and_when(login, ward_official, hamlet, people, lessons):
    client = login(ward_official)
    created = client.post(
        "/api/v1/classes/", _payload(hamlet, lessons, people), content_type="application/json"
    ).json()
    response = client.get("/api/v1/completions/", {"resident": people[0].pk})
    results = response.json()["results"]
    assert {r["lesson"] for r in results} == {lesson.pk for lesson in lessons}
    assert {(r["resident"], r["source"], r["class_session"]) for r in results} == {
        (people[0].pk, "class", created["id"])
    }


def test_mentor_cannot_create_a_class(login, mentor_user, hamlet, people, lessons):
    response = login(mentor_user).post(
        "/api/v1/classes/", _payload(hamlet, lessons, people), content_type="application/json"
    )
    assert response.status_code == 403
    assert not ClassSession.objects.exists()


def test_completions_list_is_the_wards_by_resident_then_lesson_order(
    login, ward_official, ward_a, ward_b, lessons
):
    """Residents of another ward come before and between the ward's (ids interleaved)."""
    first, second = sorted(lessons, key=lambda lesson: lesson.order)
    wards = [ward_b, ward_a, ward_b, ward_a, ward_b]
    people = [ResidentFactory(ward=ward) for ward in wards]
    for person in people:
        for lesson in (second, first):
            Completion.objects.create(
                resident=person, lesson=lesson, completed_at=timezone.now(), source="class"
            )
    body = login(ward_official).get("/api/v1/completions/").json()
    ours = [person.pk for person in people if person.ward_id == ward_a.pk]
    expected = [(pk, lesson.pk) for pk in ours for lesson in (first, second)]
    assert [(row["resident"], row["lesson"]) for row in body["results"]] == expected
    assert (body["count"], body["count_is_estimate"]) == (4, False)


def test_read_classes_list_their_related_ids_in_order(login, ward_official, hamlet, lessons):
    people = [
        ResidentFactory(household=HouseholdFactory(hamlet=hamlet), full_name=name)
        for name in ("Trần Văn Bình", "Lê Thị An", "Ngô Văn Cường")
    ]
    client = login(ward_official)
    payload = _payload(hamlet, lessons, people, facilitators=[ward_official.pk])
    created = client.post("/api/v1/classes/", payload, content_type="application/json").json()
    by_name = sorted(people, key=lambda person: (person.name_folded, person.pk))
    by_order = sorted(lessons, key=lambda lesson: (lesson.order, lesson.code))
    expected = {
        "lessons": [lesson.pk for lesson in by_order],
        "facilitators": [ward_official.pk],
        "attendees": [person.pk for person in by_name],
    }
    listed = client.get("/api/v1/classes/").json()["results"][0]
    shown = client.get(f"/api/v1/classes/{created['id']}/").json()
    for body in (listed, shown):
        assert {field: body[field] for field in expected} == expected
    assert {field: sorted(created[field]) for field in expected} == {
        field: sorted(ids) for field, ids in expected.items()
    }
