"""``Idempotency-Key`` on the API: a retry gets the first answer, never a second object."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from lessons.models import ClassSession, Completion
from literacy.audit.models import AuditEvent
from literacy.idempotency.models import IdempotencyKey

URL = "/api/v1/classes/"


@pytest.fixture
def post(login, ward_official):
    client = login(ward_official)

    def _post(body, key=None):
        headers = {"Idempotency-Key": key} if key else {}
        return client.post(URL, body, content_type="application/json", headers=headers)

    return _post


def test_a_retry_with_the_same_key_returns_the_first_answer_and_creates_nothing(
    post, class_payload
):
    first = post(class_payload, key="tablet-7f3a-0001")
    again = post(class_payload, key="tablet-7f3a-0001")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content  # byte for byte: the same class id, the same fields
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert ClassSession.objects.count() == 1
    assert Completion.objects.count() == 6
    assert AuditEvent.objects.filter(object_type="class", action="create").count() == 1


def test_the_same_key_with_a_different_body_is_refused_and_saves_nothing(post, class_payload):
    post(class_payload, key="key-1")
    response = post({**class_payload, "venue": "Chợ"}, key="key-1")
    assert response.status_code == 422
    assert "đã được dùng cho một yêu cầu khác" in response.json()["detail"]
    assert list(ClassSession.objects.values_list("venue", flat=True)) == ["Nhà văn hóa"]


def test_requests_without_a_key_are_each_done(post, class_payload):
    post(class_payload)
    post(class_payload)
    assert ClassSession.objects.count() == 2
    assert not IdempotencyKey.objects.exists()


def test_a_refused_request_frees_its_key_for_the_corrected_retry(post, class_payload):
    refused = post({**class_payload, "lessons": []}, key="key-2")
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()
    corrected = post(class_payload, key="key-2")
    assert corrected.status_code == 201
    assert post(class_payload, key="key-2").json()["id"] == corrected.json()["id"]


@pytest.mark.parametrize("key", ["x" * 256, "khóa-có-dấu", "two words"])
def test_a_malformed_key_is_a_400_naming_the_header(post, class_payload, key):
    response = post(class_payload, key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not ClassSession.objects.exists()


def test_keys_belong_to_one_user(login, ward_official, make_user, ward_a, class_payload):
    colleague = make_user("binh", "ward_official", wards=[ward_a])
    for user in (ward_official, colleague):
        response = login(user).post(
            URL, class_payload, content_type="application/json", headers={"Idempotency-Key": "k"}
        )
        assert response.status_code == 201
    assert ClassSession.objects.count() == 2


def test_an_expired_key_is_a_new_request(login, ward_official, class_payload, settings):
    now = datetime.datetime.now(datetime.UTC)
    later = now + datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS, minutes=1)
    bodies = [class_payload, {**class_payload, "venue": "Sân đình"}]
    answers = []
    for moment, body in zip((now, later), bodies, strict=True):
        with time_machine.travel(moment, tick=False):
            client = login(ward_official)  # a new session: the first one has expired by then
            answers.append(
                client.post(
                    URL, body, content_type="application/json", headers={"Idempotency-Key": "k3"}
                )
            )
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[1].json()["id"] != answers[0].json()["id"]
    assert IdempotencyKey.objects.get().expires_at > later
