"""What the demo writes and prints is Vietnamese: its audit entries and the provincial login's
description that `make run` prints."""

from __future__ import annotations

import io
import random

import pytest

from lessons.models import Track
from lessons.tests.factories import LessonFactory
from literacy.audit.models import AuditEvent
from literacy.demo.areas import seed_hamlets
from literacy.demo.classes import seed_classes
from literacy.demo.households import seed_households
from literacy.demo.users import seed_users

pytestmark = pytest.mark.django_db


def test_demo_classes_are_logged_in_vietnamese(wards):
    LessonFactory.create_batch(2, track=Track.CORE)
    out = io.StringIO()
    seed_hamlets(rng=random.Random(3), residents=200, stdout=out)
    seed_households(rng=random.Random(3), residents=200, stdout=out)
    seed_classes(rng=random.Random(3), residents=200, stdout=out)
    summaries = list(
        AuditEvent.objects.filter(object_type="demo_classes").values_list("summary", flat=True)
    )
    assert summaries
    for summary in summaries:
        assert summary.startswith("dữ liệu mẫu: ")
        assert "lớp học" in summary and "demo data" not in summary


def test_demo_logins_describe_the_provincial_account_in_vietnamese(wards):
    rows = {username: (role, where) for username, role, where in seed_users()}
    role, where = rows["tinh"]
    assert role == "Cán bộ tỉnh/thành phố"
    assert where.startswith("toàn bộ địa bàn chương trình")
    assert "two-step" not in where
