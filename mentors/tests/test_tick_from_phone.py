"""Ticking a lesson off from the phone page, and undoing a recent tick (htmx posts).

The phone sends what the mentor tapped, a key it made and the time of the tap; the answer is the
mentee's card. The same post again (a retry, a replay of the offline queue) is stored once.
"""

from __future__ import annotations

import datetime
import uuid

from django.urls import reverse

from households.tests.factories import HouseholdFactory, ResidentFactory
from lessons.models import Completion, CompletionSource
from literacy.audit.models import AuditEvent
from mentors.models import Tick
from mentors.services.ticks import tick_record

from .factories import AssignmentFactory, MentorFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _tick_url(resident) -> str:
    return reverse("mentors:mentee_tick", args=[resident.pk])


def _undo_url(resident) -> str:
    return reverse("mentors:mentee_undo", args=[resident.pk])


def _tap(lesson, *, at=None, key=None) -> dict:
    return {
        "lesson": lesson.pk,
        "key": str(key or uuid.uuid4()),
        "ticked_at": (at or _now()).isoformat(),
    }


def test_tapping_a_lesson_ticks_it_at_the_time_of_the_tap_and_answers_with_the_card(
    login, mentor_user, mentee, lessons
):
    tapped = _now() - datetime.timedelta(hours=2)
    response = login(mentor_user).post(_tick_url(mentee), _tap(lessons[0], at=tapped), **HTMX)

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "mentors/partials/_mentee.html"
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="card mentee" id="mentee-{mentee.pk}"')
    assert f'data-testid="done-{mentee.pk}-vneid"' in html
    assert f'data-testid="undo-{mentee.pk}-vneid"' in html
    completion = Completion.objects.get(resident=mentee, lesson=lessons[0])
    assert completion.source == CompletionSource.MENTOR
    assert completion.ticked_at == tapped
    assert completion.ticked_by == mentor_user


def test_the_same_tap_sent_twice_is_stored_once(login, mentor_user, mentee, lessons):
    client = login(mentor_user)
    tap = _tap(lessons[0])
    first = client.post(_tick_url(mentee), tap, **HTMX)
    again = client.post(_tick_url(mentee), tap, **HTMX)
    assert first.status_code == again.status_code == 200
    assert Tick.objects.filter(key=tap["key"]).count() == 1
    assert Completion.objects.filter(resident=mentee).count() == 1


def test_ticking_the_last_core_lesson_shows_the_mentee_trained(login, mentor_user, mentee, lessons):
    client = login(mentor_user)
    client.post(_tick_url(mentee), _tap(lessons[0]), **HTMX)
    html = client.post(_tick_url(mentee), _tap(lessons[1]), **HTMX).content.decode()
    assert f'<span class="badge trained" data-testid="trained-{mentee.pk}">' in html
    mentee.refresh_from_db()
    assert mentee.is_trained


def test_a_tap_without_javascript_goes_back_to_the_page(login, mentor_user, mentee, lessons):
    response = login(mentor_user).post(_tick_url(mentee), {"lesson": lessons[0].pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("mentors:my_mentees")
    # The server made the key and the time.
    assert Tick.objects.get(resident=mentee).ticked_at is not None


def test_a_tap_with_a_time_in_the_future_is_refused_with_the_reason(
    login, mentor_user, mentee, lessons
):
    tap = _tap(lessons[0], at=_now() + datetime.timedelta(hours=1))
    response = login(mentor_user).post(_tick_url(mentee), tap, **HTMX)
    assert response.status_code == 422
    assert f'data-testid="error-{mentee.pk}"' in response.content.decode()
    assert "tương lai" in response.context["card"].error
    assert not Completion.objects.filter(resident=mentee).exists()


def test_a_tap_with_a_key_that_is_no_uuid_is_refused(login, mentor_user, mentee, lessons):
    tap = _tap(lessons[0]) | {"key": "not-a-key"}
    response = login(mentor_user).post(_tick_url(mentee), tap, **HTMX)
    assert response.status_code == 422
    assert response.context["card"].error
    assert not Tick.objects.exists()


def test_ticking_for_someone_who_is_not_your_mentee_answers_404(
    login, mentor_user, mentor, hamlet_a, lessons
):
    someone = ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a))
    theirs = ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a))
    AssignmentFactory(mentor=MentorFactory(home_hamlet=hamlet_a), mentee=theirs)
    client = login(mentor_user)
    for resident in (someone, theirs):
        response = client.post(_tick_url(resident), _tap(lessons[0]), **HTMX)
        assert response.status_code == 404
    assert not Completion.objects.exists()


def test_undo_of_a_recent_tick_takes_the_lesson_back(login, mentor_user, mentee, lessons):
    key = uuid.uuid4()
    tick_record(
        mentor_user=mentor_user, resident=mentee, lesson=lessons[0], key=key, ticked_at=_now()
    )
    response = login(mentor_user).post(
        _undo_url(mentee), {"key": str(key), "undone_at": _now().isoformat()}, **HTMX
    )
    assert response.status_code == 200
    assert f'data-testid="tick-{mentee.pk}-vneid"' in response.content.decode()
    assert not Completion.objects.filter(resident=mentee).exists()
    assert Tick.objects.get(key=key).undone_at is not None


def test_undo_sent_twice_is_applied_once(login, mentor_user, mentee, lessons):
    key = uuid.uuid4()
    tick_record(
        mentor_user=mentor_user, resident=mentee, lesson=lessons[0], key=key, ticked_at=_now()
    )
    client = login(mentor_user)
    undo = {"key": str(key), "undone_at": _now().isoformat()}
    assert client.post(_undo_url(mentee), undo, **HTMX).status_code == 200
    undone_at = Tick.objects.get(key=key).undone_at
    assert client.post(_undo_url(mentee), undo, **HTMX).status_code == 200
    assert Tick.objects.get(key=key).undone_at == undone_at


def test_a_tick_older_than_24_hours_shows_no_undo_and_its_undo_is_refused(
    login, mentor_user, mentee, lessons, frozen_clock
):
    key = uuid.uuid4()
    tick_record(
        mentor_user=mentor_user,
        resident=mentee,
        lesson=lessons[0],
        key=key,
        ticked_at=_now() - datetime.timedelta(hours=25),
    )
    client = login(mentor_user)
    page = client.get(reverse("mentors:my_mentees")).content.decode()
    assert f'data-testid="undo-{mentee.pk}-vneid"' not in page

    response = client.post(_undo_url(mentee), {"key": str(key)}, **HTMX)

    assert response.status_code == 422
    assert "24 giờ" in response.context["card"].error
    assert Completion.objects.filter(resident=mentee, lesson=lessons[0]).exists()


def test_a_tick_made_23_hours_ago_can_still_be_undone(
    login, mentor_user, mentee, lessons, frozen_clock
):
    key = uuid.uuid4()
    tick_record(
        mentor_user=mentor_user,
        resident=mentee,
        lesson=lessons[0],
        key=key,
        ticked_at=_now() - datetime.timedelta(hours=23),
    )
    client = login(mentor_user)
    page = client.get(reverse("mentors:my_mentees")).content.decode()
    assert f'data-testid="undo-{mentee.pk}-vneid"' in page
    assert client.post(_undo_url(mentee), {"key": str(key)}, **HTMX).status_code == 200
    assert not Completion.objects.filter(resident=mentee).exists()


def test_another_mentor_cannot_undo_your_tick(
    login, mentor_user, mentee, hamlet_a, lessons, make_user, ward_a
):
    key = uuid.uuid4()
    tick_record(
        mentor_user=mentor_user, resident=mentee, lesson=lessons[0], key=key, ticked_at=_now()
    )
    other = MentorFactory(home_hamlet=hamlet_a)
    response = login(other.user).post(_undo_url(mentee), {"key": str(key)}, **HTMX)
    assert response.status_code == 404
    assert Tick.objects.get(key=key).undone_at is None
    assert Completion.objects.filter(resident=mentee).exists()


def test_the_page_and_its_posts_work_with_csrf_protection(mentor_user, mentee, lessons, client):
    """The page gives its JavaScript the token; a post with it in the header is accepted, a
    post without it is refused."""
    from django.test import Client

    from literacy.accounts.testing import force_login_with_mfa

    strict = Client(enforce_csrf_checks=True)
    force_login_with_mfa(strict, mentor_user)
    page = strict.get(reverse("mentors:my_mentees"))
    token = str(page.context["csrf_token"])
    assert f'data-csrf="{token}"' in page.content.decode()

    refused = strict.post(_tick_url(mentee), _tap(lessons[0]), **HTMX)
    accepted = strict.post(_tick_url(mentee), _tap(lessons[0]), HTTP_X_CSRFTOKEN=token, **HTMX)

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert Completion.objects.filter(resident=mentee).count() == 1


#: What a tap costs (the session is read from the shared cache): the user; the assignment's
#: lock (the scope), the lesson and the tick in one statement; the completion with its audit row
#: in one; the trained flag; the card (the mentee with the lessons) in one; and the
#: transaction's own two statements.
TICK_STATEMENTS = 7


def test_a_tap_runs_a_fixed_number_of_statements(
    login, mentor_user, mentee, lessons, django_assert_num_queries
):
    client = login(mentor_user)
    client.post(_tick_url(mentee), _tap(lessons[0]), **HTMX)  # the session is saved once
    with django_assert_num_queries(TICK_STATEMENTS):
        response = client.post(_tick_url(mentee), _tap(lessons[1]), **HTMX)
    assert response.status_code == 200
    assert Completion.objects.filter(resident=mentee).count() == 2
    assert AuditEvent.objects.filter(object_type="completion").count() == 2


def test_the_same_tap_again_runs_no_more_statements(
    login, mentor_user, mentee, lessons, django_assert_max_num_queries
):
    """A retry reads the stored tick instead of writing the completion: no dearer than a tap."""
    client = login(mentor_user)
    tap = _tap(lessons[0])
    client.post(_tick_url(mentee), tap, **HTMX)
    with django_assert_max_num_queries(TICK_STATEMENTS):
        response = client.post(_tick_url(mentee), tap, **HTMX)
    assert response.status_code == 200
    assert f'data-testid="undo-{mentee.pk}-vneid"' in response.content.decode()


#: What an undo costs (the session is read from the shared cache): the user; this mentor's tick
#: with the assignment's lock (the scope) in one statement; the undo with whether another tick
#: stands in one; the withdrawn completion (with the ward), its audit row, the trained flag; the
#: card; the transaction's two.
UNDO_STATEMENTS = 9


def test_an_undo_runs_a_fixed_number_of_statements(
    login, mentor_user, mentee, lessons, django_assert_num_queries
):
    client = login(mentor_user)
    tap = _tap(lessons[0])
    client.post(_tick_url(mentee), tap, **HTMX)
    undo = {"key": tap["key"], "undone_at": _now().isoformat()}
    with django_assert_num_queries(UNDO_STATEMENTS):
        response = client.post(_undo_url(mentee), undo, **HTMX)
    assert response.status_code == 200
    assert not Completion.objects.filter(resident=mentee).exists()
    assert AuditEvent.objects.filter(object_type="completion").count() == 2


def test_an_undo_of_a_tick_of_someone_else_named_in_the_address_answers_404(
    login, mentor_user, mentor, mentee, hamlet_a, lessons
):
    other = ResidentFactory(household=HouseholdFactory(hamlet=hamlet_a))
    AssignmentFactory(mentor=mentor, mentee=other)
    client = login(mentor_user)
    tap = _tap(lessons[0])
    client.post(_tick_url(mentee), tap, **HTMX)
    response = client.post(_undo_url(other), {"key": tap["key"]}, **HTMX)
    assert response.status_code == 404
    assert Tick.objects.get(key=tap["key"]).undone_at is None
