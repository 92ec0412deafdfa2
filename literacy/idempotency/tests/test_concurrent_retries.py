"""The same request sent many times at once with one key, on PostgreSQL: the database lets one
through and the others get its answer (each thread on its own connection)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction
from django.urls import resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lessons.models import ClassSession, Completion
from literacy.audit.models import AuditEvent
from literacy.audit.summaries import summary_text
from literacy.idempotency.api import endpoint_of
from literacy.idempotency.models import IdempotencyKey
from literacy.idempotency.services import idempotency_claim
from literacy.tests.concurrency import api_poster, in_parallel

#: The completion service's audit summary (translated by the lessons catalogue).
LESSON_COMPLETED = "lesson completed"

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 20


def test_twenty_parallel_posts_with_one_key_make_one_class_and_audit_it_once(
    ward_official, class_payload
):
    post = api_poster(ward_official, "/api/v1/classes/")
    responses = in_parallel(
        PARALLEL, lambda _i: post(class_payload, **{"Idempotency-Key": "tablet-retry-1"})
    )
    assert [r.status_code for r in responses] == [201] * PARALLEL
    assert len({r.content for r in responses}) == 1  # every one answers with the same class
    assert sum(r.has_header("Idempotent-Replayed") for r in responses) == PARALLEL - 1
    assert ClassSession.objects.count() == 1
    assert Completion.objects.count() == 6
    completion_audits = AuditEvent.objects.filter(
        object_type="completion", summary=summary_text(_(LESSON_COMPLETED))
    )
    assert completion_audits.count() == 6
    assert AuditEvent.objects.filter(object_type="class", action="create").count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_parallel_posts_with_one_key_but_different_bodies_save_only_one(
    ward_official, class_payload
):
    post = api_poster(ward_official, "/api/v1/classes/")
    venues = [f"Điểm {i}" for i in range(6)]
    responses = in_parallel(
        len(venues),
        lambda i: post({**class_payload, "venue": venues[i]}, **{"Idempotency-Key": "shared"}),
    )
    assert sorted(r.status_code for r in responses) == [201] + [422] * (len(venues) - 1)
    assert ClassSession.objects.count() == 1


def test_a_retry_waiting_too_long_for_the_first_request_gets_a_409(
    ward_official, class_payload, settings
):
    """The first request holds its key (its transaction is open); the retry gives up after
    IDEMPOTENCY_WAIT_SECONDS and says to send it again, instead of creating a second class."""
    settings.IDEMPOTENCY_WAIT_SECONDS = 1
    post = api_poster(ward_official, "/api/v1/classes/")
    claimed, release = threading.Event(), threading.Event()

    def first_request_still_running():
        try:
            with transaction.atomic():
                idempotency_claim(
                    user=ward_official,
                    endpoint="POST api:class-list",
                    key="slow",
                    fingerprint="first",
                    now=timezone.now(),
                )
                claimed.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=first_request_still_running)
    holder.start()
    try:
        assert claimed.wait(timeout=30)
        response = post(class_payload, **{"Idempotency-Key": "slow"})
    finally:
        release.set()
        holder.join(timeout=30)
    assert response.status_code == 409
    assert "vẫn đang được xử lý" in response.json()["detail"]
    assert not ClassSession.objects.exists()


def test_the_endpoint_of_a_key_is_the_method_and_url_name(rf):
    request = rf.post("/api/v1/classes/")
    request.resolver_match = resolve("/api/v1/classes/")
    assert endpoint_of(request) == "POST api:class-list"
