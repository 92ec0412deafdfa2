from __future__ import annotations

import csv
import datetime
import io
from unittest import mock

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from literacy.audit.admin import AuditEventAdmin
from literacy.audit.forms import AuditFilterForm
from literacy.audit.models import AuditEvent
from literacy.audit.services import audit_record


@pytest.fixture
def events(wards, ward_official):
    ward_a, ward_b = wards
    return [
        audit_record(
            actor=ward_official,
            action="update",
            object_type="resident",
            object_id=1,
            ward_id=ward_a.pk,
            summary="resident 1 phone changed",
            before={"name": "Trần Thị Bé"},
            after={"name": "Trần Thị Bé Hai"},
        ),
        audit_record(
            actor=None,
            action="create",
            object_type="household",
            object_id=2,
            ward_id=ward_b.pk,
            summary='=HYPERLINK("http://evil")',
        ),
    ]


def test_provincial_staff_browse_and_filter_the_log(login, provincial_user, events, wards):
    client = login(provincial_user)
    body = client.get(reverse("audit:event_list")).content.decode()
    assert "resident 1 phone changed" in body and "HYPERLINK" in body
    filtered = client.get(reverse("audit:event_list"), {"ward": wards[1].pk}).content.decode()
    assert "resident 1 phone changed" not in filtered
    by_type = client.get(reverse("audit:event_list"), {"object_type": "resident"})
    assert "HYPERLINK" not in by_type.content.decode()
    by_action = client.get(reverse("audit:event_list"), {"action": "create"})
    assert "resident 1 phone changed" not in by_action.content.decode()
    future = client.get(reverse("audit:event_list"), {"date_from": "2999-01-01"})
    assert "resident 1" not in future.content.decode()


def test_export_is_utf8_csv_with_formulas_neutralised_and_is_itself_logged(
    login, provincial_user, events
):
    client = login(provincial_user)
    response = client.get(reverse("audit:event_export"))
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 3
    cells = [cell for row in rows for cell in row]
    assert any("Trần Thị Bé Hai" in cell for cell in cells)
    assert '\'=HYPERLINK("http://evil")' in cells
    assert AuditEvent.objects.filter(object_type="audit_export", actor=provincial_user).exists()


@pytest.mark.parametrize("fixture", ["ward_official", "team_lead_user", "mentor_user"])
def test_only_provincial_staff_see_the_log(request, login, fixture, events):
    client = login(request.getfixturevalue(fixture))
    assert client.get(reverse("audit:event_list")).status_code == 403
    assert client.get(reverse("audit:event_export")).status_code == 403


def test_nobody_edits_the_log_in_the_admin(events, make_user):
    root = make_user("root", "", is_superuser=True, is_staff=True)
    request = RequestFactory().get("/")
    request.user = root
    model_admin = AuditEventAdmin(AuditEvent, admin.site)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, events[0])
    assert not model_admin.has_delete_permission(request, events[0])
    assert model_admin.has_view_permission(request, events[0])


def test_the_log_keeps_who_and_where_after_the_user_is_deleted(login, provincial_user, wards):
    from django.contrib.auth import get_user_model

    leaver = get_user_model().objects.create_user(username="leaver", password="x-long-password-1")
    event = audit_record(
        actor=leaver,
        action="update",
        object_type="resident",
        object_id=7,
        ward_id=wards[0].pk,
        summary="changed by a user who has left",
    )
    leaver_id = leaver.pk
    leaver.delete()  # the append-only log is neither updated nor blocking the deletion
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor_id == leaver_id and event.ward_id == wards[0].pk
    client = login(provincial_user)
    body = client.get(reverse("audit:event_list")).content.decode()
    assert "changed by a user who has left" in body and f"#{leaver_id}" in body
    response = client.get(reverse("audit:event_export"))
    text = b"".join(response.streaming_content).decode("utf-8")
    assert f"#{leaver_id}" in text


def test_date_filters_follow_the_local_day_boundaries(login, provincial_user, wards):
    """An event at 23:30 in Vietnam belongs to that day, although it is 16:30 UTC."""
    late = timezone.make_aware(datetime.datetime(2026, 3, 14, 23, 30))
    with mock.patch("django.utils.timezone.now", return_value=late):
        audit_record(
            actor=None, action="create", object_type="hamlet", object_id=9, summary="late event"
        )
    client = login(provincial_user)

    def shown(**dates):
        return "late event" in client.get(reverse("audit:event_list"), dates).content.decode()

    assert shown(date_from="2026-03-14", date_to="2026-03-14")
    assert not shown(date_from="2026-03-15")
    assert not shown(date_to="2026-03-13")


def test_object_type_filter_offers_each_logged_type_once(events, provincial_user):
    audit_record(actor=None, action="create", object_type="resident", object_id=3)
    form = AuditFilterForm(user=provincial_user)
    assert [value for value, _label in form.fields["object_type"].choices] == [
        "",
        "household",
        "resident",
    ]


def test_the_log_lists_newest_first(events):
    assert list(AuditEvent.objects.all()) == list(reversed(events))


@pytest.mark.parametrize(
    "params", [{"date_to": "31/12/9999"}, {"date_from": "01/01/0001"}, {"date_to": "9999-12-31"}]
)
def test_a_date_at_the_edge_of_the_calendar_is_refused_with_a_message(
    login, provincial_user, params
):
    response = login(provincial_user).get(reverse("audit:event_list"), params)
    assert response.status_code == 200
    assert "1900" in response.content.decode()  # "the year must be between 1900 and 2999"
