"""Ticks racing on real PostgreSQL: threads, each on its own connection, released at once."""

from __future__ import annotations

import datetime
import threading
import uuid

import pytest
from django.db import connection

from lessons.models import Completion
from literacy.audit.models import AuditEvent
from mentors.models import Tick
from mentors.services.ticks import tick_record, tick_undo

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 6


def _race(call) -> list:
    """Run ``call(i)`` in RACERS threads released together; return results or exceptions."""
    barrier = threading.Barrier(RACERS)
    results: list = [None] * RACERS

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = call(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_the_same_key_sent_at_once_gives_exactly_one_completion(mentor_user, mentee, lessons):
    key, now = uuid.uuid4(), datetime.datetime.now(datetime.UTC)
    results = _race(
        lambda i: tick_record(
            mentor_user=mentor_user,
            resident=mentee.pk,
            lesson=lessons[0].pk,
            key=key,
            ticked_at=now,
        )
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.is_new for r in results) == 1
    assert {r.tick.pk for r in results} == {Tick.objects.get().pk}
    assert Completion.objects.filter(resident=mentee).count() == 1
    assert AuditEvent.objects.filter(object_type="completion").count() == 1


def test_two_devices_ticking_the_same_lesson_at_once_give_one_completion(
    mentor_user, mentee, lessons
):
    now = datetime.datetime.now(datetime.UTC)
    results = _race(
        lambda i: tick_record(
            mentor_user=mentor_user,
            resident=mentee.pk,
            lesson=lessons[0].pk,
            key=uuid.uuid4(),
            ticked_at=now,
        )
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Tick.objects.count() == RACERS
    assert Completion.objects.filter(resident=mentee).count() == 1
    assert AuditEvent.objects.filter(object_type="completion").count() == 1


def test_an_undo_sent_at_once_from_several_retries_is_applied_once(mentor_user, mentee, lessons):
    key = uuid.uuid4()
    tick_record(
        mentor_user=mentor_user,
        resident=mentee.pk,
        lesson=lessons[0].pk,
        key=key,
        ticked_at=datetime.datetime.now(datetime.UTC),
    )
    results = _race(lambda i: tick_undo(mentor_user=mentor_user, key=key))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.is_new for r in results) == 1
    assert not Completion.objects.filter(resident=mentee).exists()
    assert AuditEvent.objects.filter(object_type="completion").count() == 2
