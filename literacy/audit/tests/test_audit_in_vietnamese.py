"""The audit log reads in Vietnamese: object types by name, dates as dd/mm/yyyy (typed and
shown), summaries written in Vietnamese whatever the writer's language."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from literacy.audit.models import AuditEvent
from literacy.audit.object_types import object_type_label
from literacy.audit.services import audit_record
from literacy.audit.summaries import summary_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson_event(db):
    with time_machine.travel(datetime.datetime.fromisoformat("2026-12-02T09:15+07:00")):
        return audit_record(
            actor=None, action="update", object_type="lesson", object_id=7, summary="x"
        )


def test_object_type_filter_names_types_in_vietnamese(login, provincial_user, lesson_event):
    response = login(provincial_user).get(reverse("audit:event_list"))
    choices = dict(response.context["form"].fields["object_type"].choices)
    assert choices["lesson"] == "bài học"
    assert '<option value="lesson">bài học</option>' in response.content.decode()


def test_an_unknown_object_type_shows_its_code():
    assert object_type_label("something_new") == "something_new"


def test_entries_show_the_object_type_and_a_day_month_year_date(
    login, provincial_user, lesson_event
):
    html = login(provincial_user).get(reverse("audit:event_list")).content.decode()
    assert "bài học 7" in html
    assert "02/12/2026 09:15" in html
    assert "02-12-2026" not in html


def test_date_filters_are_typed_day_first(login, provincial_user, lesson_event):
    client = login(provincial_user)
    url = reverse("audit:event_list")
    assert client.get(url, {"date_from": "02/12/2026"}).context["page"].object_list
    assert not client.get(url, {"date_from": "03/12/2026"}).context["page"].object_list
    html = client.get(url).content.decode()
    assert 'name="date_from"' in html and 'type="date"' not in html
    assert 'placeholder="ngày/tháng/năm"' in html


def test_summaries_are_stored_in_vietnamese_even_from_an_english_request():
    with translation.override("en"):
        text = summary_text(_("%(code)s: retired"), code="vneid")
    assert text == "vneid: ngừng dạy"


def test_lesson_audit_summaries_are_vietnamese(provincial_user):
    from lessons.services.catalogue import lesson_retire
    from lessons.tests.factories import LessonFactory

    lesson = LessonFactory(code="vneid")
    with translation.override("en"):
        lesson_retire(lesson=lesson, by=provincial_user)
    assert AuditEvent.objects.filter(object_id=str(lesson.pk)).latest("id").summary == (
        "vneid: ngừng dạy"
    )
