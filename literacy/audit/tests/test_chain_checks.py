"""``manage.py audit_verify`` and the nightly task run the chain check and say what they found."""

# SQL is assembled from the model's table name only; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

import io
import logging

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from literacy.audit.models import AuditEvent
from literacy.audit.services import audit_record
from literacy.audit.tasks import audit_chain_verify_task

pytestmark = pytest.mark.django_db

AUDIT = AuditEvent._meta.db_table


@pytest.fixture
def log():
    return [
        audit_record(actor=None, action="view", object_type="resident", object_id=n)
        for n in range(1, 4)
    ]


@pytest.fixture
def tampered(log):
    with connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL session_replication_role = replica;"
            f"UPDATE {AUDIT} SET summary = 'edited' WHERE id = %s;"
            "SET LOCAL session_replication_role = origin",
            [log[1].pk],
        )
    return log[1]


def test_audit_verify_prints_the_intact_chain_and_its_anchor(log):
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    head = bytes(AuditEvent.objects.get(pk=log[-1].pk).row_hash).hex()
    assert "Audit chain intact: 3 rows" in out.getvalue()
    assert f"Anchor: 3:{head}" in out.getvalue()
    call_command("audit_verify", anchor=f"3:{head}", batch_size=1, stdout=io.StringIO())


def test_audit_verify_fails_naming_the_first_broken_row(tampered):
    with pytest.raises(CommandError, match=f"Row {tampered.pk} at chain position 2"):
        call_command("audit_verify", stdout=io.StringIO())


def test_audit_verify_fails_on_an_anchor_that_no_longer_holds(log):
    with pytest.raises(CommandError, match="not the recorded"):
        call_command("audit_verify", anchor="2:" + "ab" * 32, stdout=io.StringIO())


@pytest.mark.parametrize("anchor", ["3", "3:xyz", "three:" + "ab" * 32])
def test_audit_verify_explains_a_malformed_anchor(log, anchor):
    with pytest.raises(CommandError, match="expected POSITION:HASH"):
        call_command("audit_verify", anchor=anchor, stdout=io.StringIO())


def test_the_nightly_check_is_scheduled():
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "literacy.audit.tasks.audit_chain_verify_task" in entries


def test_the_nightly_check_logs_the_head_of_an_intact_chain(log, caplog):
    with caplog.at_level(logging.INFO, logger="literacy.audit.tasks"):
        result = audit_chain_verify_task.delay().get()
    assert result["ok"] and result["head_position"] == 3
    assert "Audit chain intact" in caplog.text and result["head_hash"] in caplog.text
    assert mail.outbox == []


def test_the_nightly_check_logs_the_head_whatever_the_log_level():
    assert logging.getLogger("literacy.audit.tasks").getEffectiveLevel() == logging.INFO


def test_the_nightly_check_alerts_on_a_broken_chain(tampered, caplog, settings):
    settings.ADMINS = [("", "security@example.vn")]
    with caplog.at_level(logging.INFO, logger="literacy.audit.tasks"):
        result = audit_chain_verify_task.delay().get()
    assert not result["ok"] and f"Row {tampered.pk}" in result["broken"]
    ours = [record.levelname for record in caplog.records if record.name == "literacy.audit.tasks"]
    assert ours == ["ERROR"]
    assert f"Row {tampered.pk} at chain position 2" in caplog.text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["security@example.vn"]
    assert f"Row {tampered.pk}" in mail.outbox[0].body
