"""The API: ticks idempotent by key (201 then 200), undo, 404 outside one's mentees; mentors,
assignments and teams for ward officials."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.urls import reverse

from households.tests.factories import ResidentFactory
from lessons.models import Completion
from mentors.models import Assignment, Mentor, Tick

from .factories import MentorFactory


@pytest.fixture
def api(client):
    def call(method: str, url: str, body: dict | None = None, **headers):
        if method == "get":
            return client.get(url, **headers)
        return getattr(client, method)(
            url, data=json.dumps(body or {}), content_type="application/json", **headers
        )

    return call


def _tick_body(mentee, lesson, key=None, **extra) -> dict:
    return {"key": str(key or uuid.uuid4()), "resident": mentee.pk, "lesson": lesson.pk, **extra}


def test_tick_answers_201_then_200_for_the_same_key(login, api, mentor_user, mentee, lessons):
    login(mentor_user)
    body = _tick_body(mentee, lessons[0])
    first = api("post", reverse("api:tick-list"), body)
    again = api("post", reverse("api:tick-list"), body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["key"] == again.json()["key"] == body["key"]
    assert first.json()["is_undone"] is False
    assert Completion.objects.filter(resident=mentee).count() == 1


def test_tick_keeps_the_time_of_the_tap(login, api, mentor_user, mentee, lessons, frozen_clock):
    login(mentor_user)
    tapped = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=5)
    response = api(
        "post",
        reverse("api:tick-list"),
        _tick_body(mentee, lessons[0], ticked_at=tapped.isoformat()),
    )
    assert response.status_code == 201
    assert Completion.objects.get(resident=mentee).completed_at == tapped


def test_an_idempotency_key_header_that_differs_from_the_key_is_a_400(
    login, api, mentor_user, mentee, lessons
):
    login(mentor_user)
    response = api(
        "post",
        reverse("api:tick-list"),
        _tick_body(mentee, lessons[0]),
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert response.status_code == 400 and "key" in response.json()
    assert not Tick.objects.exists()


def test_an_idempotency_key_header_equal_to_the_key_is_accepted(
    login, api, mentor_user, mentee, lessons
):
    login(mentor_user)
    body = _tick_body(mentee, lessons[0])
    response = api("post", reverse("api:tick-list"), body, HTTP_IDEMPOTENCY_KEY=body["key"])
    assert response.status_code == 201


def test_ticking_for_someone_who_is_not_ones_mentee_is_a_404(
    login, api, mentor_user, mentee, lessons, hamlet_a
):
    login(mentor_user)
    stranger = ResidentFactory(ward=hamlet_a.ward)
    response = api("post", reverse("api:tick-list"), _tick_body(stranger, lessons[0]))
    assert response.status_code == 404
    assert not Completion.objects.exists()


def test_a_tick_in_the_future_is_a_400_naming_the_field(
    login, api, mentor_user, mentee, lessons, frozen_clock
):
    login(mentor_user)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    response = api(
        "post",
        reverse("api:tick-list"),
        _tick_body(mentee, lessons[0], ticked_at=later.isoformat()),
    )
    assert response.status_code == 400 and "ticked_at" in response.json()


def test_only_mentors_tick(login, api, ward_official, mentee, lessons):
    login(ward_official)
    response = api("post", reverse("api:tick-list"), _tick_body(mentee, lessons[0]))
    assert response.status_code == 403


def test_delete_undoes_the_tick_and_is_idempotent(login, api, mentor_user, mentee, lessons):
    login(mentor_user)
    body = _tick_body(mentee, lessons[0])
    api("post", reverse("api:tick-list"), body)
    url = reverse("api:tick-detail", kwargs={"key": body["key"]})
    first, again = api("delete", url), api("delete", url)
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json()["is_undone"] and again.json()["is_undone"]
    assert not Completion.objects.filter(resident=mentee).exists()


def test_undo_after_24_hours_is_a_400(login, api, mentor_user, mentee, lessons, frozen_clock):
    login(mentor_user)
    body = _tick_body(mentee, lessons[0])
    api("post", reverse("api:tick-list"), body)
    frozen_clock.shift(datetime.timedelta(hours=25))
    login(mentor_user)
    response = api("post", reverse("api:tick-undo", kwargs={"key": body["key"]}))
    assert response.status_code == 400 and "undone_at" in response.json()
    assert Completion.objects.filter(resident=mentee).exists()


def test_mentor_lists_only_their_own_ticks(login, api, mentor_user, mentee, lessons, hamlet_a):
    login(mentor_user)
    body = _tick_body(mentee, lessons[0])
    api("post", reverse("api:tick-list"), body)
    other = MentorFactory(home_hamlet=hamlet_a)
    login(other.user)
    assert client_json(api("get", reverse("api:tick-list")))["count"] == 0


def client_json(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


def test_ward_official_registers_a_mentor_and_gets_the_card_once(
    login, api, ward_official, ward_a, hamlet_a
):
    login(ward_official)
    response = api(
        "post",
        reverse("api:mentor-list"),
        {
            "ward": ward_a.pk,
            "full_name": "Phan Thị Hoa",
            "phone": "0934567890",
            "organisation": "school",
            "home_hamlet": hamlet_a.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["sign_in"]["username"] == "hoa.phanthi" and len(body["sign_in"]["one_time_code"]) == 10
    )
    detail = client_json(api("get", reverse("api:mentor-detail", kwargs={"pk": body["id"]})))
    assert "sign_in" not in detail and detail["mentee_count"] == 0 and detail["is_under_quota"]


def test_mentor_list_filters_those_under_quota(login, api, ward_official, mentor, mentee, hamlet_a):
    MentorFactory(home_hamlet=hamlet_a)
    login(ward_official)
    body = client_json(api("get", reverse("api:mentor-list") + "?under_quota=true"))
    assert body["count"] == 2
    assert {m["mentee_count"] for m in body["results"]} == {0, 1}


def test_assignment_api_reassigns_only_with_replace(login, api, ward_official, mentee, hamlet_a):
    other = MentorFactory(home_hamlet=hamlet_a)
    login(ward_official)
    url = reverse("api:assignment-list")
    refused = api("post", url, {"mentor": other.pk, "mentee": mentee.pk})
    assert refused.status_code == 400
    moved = api("post", url, {"mentor": other.pk, "mentee": mentee.pk, "replace": True})
    assert moved.status_code == 201, moved.content
    assert Assignment.objects.active().get(mentee=mentee).mentor == other
    ended = api("post", reverse("api:assignment-end", kwargs={"pk": moved.json()["id"]}))
    assert ended.status_code == 200 and ended.json()["is_active"] is False


def test_mentor_sees_only_their_own_record_in_the_api(login, api, mentor_user, mentor, hamlet_a):
    MentorFactory(home_hamlet=hamlet_a)
    login(mentor_user)
    body = client_json(api("get", reverse("api:mentor-list")))
    assert [m["id"] for m in body["results"]] == [mentor.pk]
    assert Mentor.objects.count() == 2
