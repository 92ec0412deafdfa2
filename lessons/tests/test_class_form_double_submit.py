"""The class form sent twice (a double tap, the back button, a resend): one class is saved and
both sends land on its page. The form's hidden token names the filling-in."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.contrib.messages import INFO, get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from households.models import Resident
from households.tests.factories import HamletFactory, HouseholdFactory, ResidentFactory
from lessons.forms.classes import NEW_HOUSEHOLD
from lessons.models import ClassSession, Completion
from literacy.audit.models import AuditEvent
from literacy.tests.concurrency import in_parallel
from literacy.tests.form_tokens import form_token

from .factories import LessonFactory

URL = reverse("lessons:class_create")


@pytest.fixture
def form_data(ward_a):
    hamlet = HamletFactory(ward=ward_a, name="Khu phố 5")
    people = ResidentFactory.create_batch(2, household=HouseholdFactory(hamlet=hamlet))
    lessons = LessonFactory.create_batch(2)
    return {
        "starts_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "hamlet": hamlet.pk,
        "venue": "Nhà văn hóa khu phố 5",
        "lessons": [lesson.pk for lesson in lessons],
        "attendees": [person.pk for person in people],
    }


def _token(client) -> str:
    """The hidden token of a freshly opened class form."""
    return form_token(client, URL)


def test_each_opened_form_carries_a_new_token(login, ward_official):
    client = login(ward_official)
    assert _token(client) != _token(client)


def test_a_double_submitted_class_form_saves_one_class_and_lands_on_its_page(
    login, ward_official, form_data
):
    client = login(ward_official)
    data = {**form_data, "idempotency_token": _token(client)}
    first, second = client.post(URL, data), client.post(URL, data)
    session = ClassSession.objects.get()
    page = reverse("lessons:class_detail", args=[session.pk])
    assert (first.status_code, first["Location"]) == (302, page)
    assert (second.status_code, second["Location"]) == (302, page)
    assert Completion.objects.count() == 4
    assert AuditEvent.objects.filter(object_type="class", action="create").count() == 1
    assert INFO in [message.level for message in get_messages(second.wsgi_request)]


def test_two_forms_opened_one_after_the_other_save_two_classes(login, ward_official, form_data):
    """Two fillings-in are two classes (the second confirms the duplicate-class warning)."""
    client = login(ward_official)
    client.post(URL, {**form_data, "idempotency_token": _token(client)})
    warned = client.post(URL, {**form_data, "idempotency_token": _token(client)})
    assert ClassSession.objects.count() == 1 and warned.status_code == 200
    client.post(
        URL, {**form_data, "idempotency_token": _token(client), "confirm_duplicate": "True"}
    )
    assert ClassSession.objects.count() == 2


def test_the_same_form_resent_with_other_values_saves_nothing_and_says_why(
    login, ward_official, form_data
):
    client = login(ward_official)
    token = _token(client)
    client.post(URL, {**form_data, "idempotency_token": token})
    response = client.post(URL, {**form_data, "venue": "Chợ", "idempotency_token": token})
    session = ClassSession.objects.get()
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="form-conflict"' in page
    assert reverse("lessons:class_detail", args=[session.pk]) in page  # "see what was saved"
    assert session.venue == "Nhà văn hóa khu phố 5"


def test_a_form_shown_again_with_errors_saves_once_corrected_with_the_same_token(
    login, ward_official, form_data
):
    client = login(ward_official)
    token = _token(client)
    invalid = client.post(URL, {**form_data, "lessons": [], "idempotency_token": token})
    assert invalid.status_code == 200
    assert f'value="{token}"' in invalid.content.decode()  # the form keeps its token
    corrected = client.post(URL, {**form_data, "idempotency_token": token})
    assert corrected.status_code == 302
    assert ClassSession.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_tap_arriving_at_once_saves_one_class(login, ward_official, form_data):
    client = login(ward_official)
    data = {**form_data, "idempotency_token": _token(client)}
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.cookies = copy.deepcopy(client.cookies)  # the same session, two requests in flight
    responses = in_parallel(2, lambda i: tabs[i].post(URL, data))
    session = ClassSession.objects.get()
    page = reverse("lessons:class_detail", args=[session.pk])
    assert [(r.status_code, r["Location"]) for r in responses] == [(302, page)] * 2
    assert Completion.objects.count() == 4


ADD_URL = reverse("lessons:attendee_create")


def _add(client, hamlet_id, name, key=None, **extra):
    """Quick-add a newcomer born 05/09/1960 in a new household of the hamlet."""
    headers = {"Idempotency-Key": key} if key else {}
    body = {
        "full_name": name,
        "hamlet": hamlet_id,
        "date_of_birth": "05/09/1960",
        "household": NEW_HOUSEHOLD,
        **extra,
    }
    return client.post(ADD_URL, body, headers=headers)


def test_a_person_added_again_after_a_lost_answer_is_added_once(login, ward_official, form_data):
    client = login(ward_official)
    first = _add(client, form_data["hamlet"], "Lê Văn Tư", key="add-1")
    again = _add(client, form_data["hamlet"], "Lê Văn Tư", key="add-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Resident.objects.filter(full_name="Lê Văn Tư").count() == 1


def test_another_name_with_the_same_key_is_refused_as_json(login, ward_official, form_data):
    client = login(ward_official)
    _add(client, form_data["hamlet"], "Lê Văn Tư", key="add-2")
    response = _add(client, form_data["hamlet"], "Lê Văn Năm", key="add-2")
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"]
    assert not Resident.objects.filter(full_name="Lê Văn Năm").exists()


def test_people_added_without_a_key_are_each_added(login, ward_official, form_data):
    """Without a key each add is a new person (once the look-alike warning is confirmed)."""
    client = login(ward_official)
    for _ in range(2):
        _add(client, form_data["hamlet"], "Lê Văn Tư", confirm_new="1")
    assert Resident.objects.filter(full_name="Lê Văn Tư").count() == 2
